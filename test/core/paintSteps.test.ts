/** Steps a view defers until what it sent is drawn: one per turn, a frame apart, in order, dropped on cancel. */

import { FRAME_MS, PaintSteps } from '../../miniprogram/core/paintSteps';

describe('PaintSteps', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('runs nothing in the caller, then one step per frame, in order', () => {
    const steps = new PaintSteps();
    const ran: string[] = [];
    steps.then(() => ran.push('rest of the window'));
    steps.then(() => ran.push('counts'));
    steps.then(() => ran.push('chart'));
    expect(ran).toEqual([]);
    jest.advanceTimersByTime(FRAME_MS - 1);
    expect(ran).toEqual([]);
    jest.advanceTimersByTime(1);
    expect(ran).toEqual(['rest of the window']);
    jest.advanceTimersByTime(FRAME_MS);
    expect(ran).toEqual(['rest of the window', 'counts']);
    expect(steps.waiting).toBe(1);
    jest.advanceTimersByTime(FRAME_MS);
    expect(ran).toEqual(['rest of the window', 'counts', 'chart']);
    expect(steps.waiting).toBe(0);
  });

  it('runs a step queued by a step a frame after it', () => {
    const steps = new PaintSteps();
    const ran: string[] = [];
    steps.then(() => {
      ran.push('counts');
      steps.then(() => ran.push('chart'));
    });
    jest.advanceTimersByTime(FRAME_MS);
    expect(ran).toEqual(['counts']);
    jest.advanceTimersByTime(FRAME_MS);
    expect(ran).toEqual(['counts', 'chart']);
  });

  it('drops the waiting steps on cancel, and runs those queued after it', () => {
    const steps = new PaintSteps();
    const ran: string[] = [];
    steps.then(() => ran.push('old list'));
    steps.cancel();
    steps.then(() => ran.push('new list'));
    jest.runAllTimers();
    expect(ran).toEqual(['new list']);
  });

  it('goes on after a step that throws', () => {
    const steps = new PaintSteps();
    const ran: string[] = [];
    steps.then(() => {
      throw new Error('broken step');
    });
    steps.then(() => ran.push('next'));
    expect(() => jest.advanceTimersByTime(FRAME_MS)).toThrow('broken step');
    jest.advanceTimersByTime(FRAME_MS);
    expect(ran).toEqual(['next']);
  });
});
