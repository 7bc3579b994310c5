/** Per test: a fresh faithful wx (empty storage, no app, no listeners). */

import { installWxFake } from './fakes/wx';

beforeEach(() => {
  installWxFake();
});
