/** A quiet line on the history page while calls wait for the team server (`3 条待同步`), or a problem that persists. */

import { flushOutbox, offOutboxStatus, onOutboxStatus, outboxStatus, OutboxStatus } from '../../services/outbox';
import { offTeamSessionChange, onTeamSessionChange, readTeamSession } from '../../services/teamSession';

interface SyncData {
  /** '' hides the line: not bound, or nothing waits. */
  text: string;
  problem: boolean;
}

interface SyncFields {
  listener: (status: OutboxStatus) => void;
  sessionListener: () => void;
}

type SyncMethods = {
  show(status: OutboxStatus): void;
  onTap(): void;
};

Component<SyncData, Record<string, never>, SyncMethods, [], SyncFields>({
  data: { text: '', problem: false },
  lifetimes: {
    attached() {
      this.listener = (status) => this.show(status);
      this.sessionListener = () => this.show(outboxStatus());
      onOutboxStatus(this.listener);
      onTeamSessionChange(this.sessionListener);
      this.show(outboxStatus());
    },
    detached() {
      offOutboxStatus(this.listener);
      offTeamSessionChange(this.sessionListener);
    },
  },
  pageLifetimes: {
    show() {
      this.show(outboxStatus());
    },
  },
  methods: {
    show(status) {
      let text = '';
      if (readTeamSession() !== null) {
        if (status.problem !== null) text = status.problem;
        else if (status.pending > 0) text = `${status.pending} 条待同步`;
      }
      const problem = status.problem !== null && text !== '';
      if (text !== this.data.text || problem !== this.data.problem) this.setData({ text, problem });
    },

    /** A tap tries again at once (the agent is back online, say). */
    onTap() {
      void flushOutbox();
    },
  },
});
