/** The settings page's 团队 section: bind with server address and bind code, the bound agent, sync state, unbind. */

import { dropQueuedCalls, offOutboxStatus, onOutboxStatus, outboxStatus, OutboxStatus } from '../../services/outbox';
import {
  bindTeam,
  offTeamSessionChange,
  onTeamSessionChange,
  readTeamSession,
  TeamSession,
  unbindTeam,
} from '../../services/teamSession';

interface TeamBindData {
  bound: boolean;
  agentName: string;
  serverUrl: string;
  /** What the agent typed, kept as typed. */
  serverInput: string;
  codeInput: string;
  busy: boolean;
  message: string;
  syncText: string;
  syncProblem: string;
}

interface TeamBindFields {
  sessionListener: (session: TeamSession | null) => void;
  statusListener: (status: OutboxStatus) => void;
}

type InputEvent = VantEvent<string, { field: 'serverInput' | 'codeInput' }>;

type TeamBindMethods = {
  showSession(session: TeamSession | null): void;
  showStatus(status: OutboxStatus): void;
  onInput(event: InputEvent): void;
  onBind(): void;
  onUnbind(): void;
};

function syncTextOf(status: OutboxStatus): string {
  return status.pending > 0 ? `${status.pending} 条待同步` : '已同步';
}

Component<TeamBindData, Record<string, never>, TeamBindMethods, [], TeamBindFields>({
  data: {
    bound: false,
    agentName: '',
    serverUrl: '',
    serverInput: '',
    codeInput: '',
    busy: false,
    message: '',
    syncText: '',
    syncProblem: '',
  },
  lifetimes: {
    attached() {
      this.sessionListener = (session) => {
        this.showSession(session);
        this.triggerEvent('change', { bound: session !== null });
      };
      this.statusListener = (status) => this.showStatus(status);
      onTeamSessionChange(this.sessionListener);
      onOutboxStatus(this.statusListener);
      this.showSession(readTeamSession());
    },
    detached() {
      offTeamSessionChange(this.sessionListener);
      offOutboxStatus(this.statusListener);
    },
  },
  methods: {
    showSession(session) {
      if (session === null) {
        if (this.data.bound)
          this.setData({ bound: false, agentName: '', serverUrl: '', syncText: '', syncProblem: '' });
        return;
      }
      const status = outboxStatus();
      this.setData({
        bound: true,
        agentName: session.user.name,
        serverUrl: session.serverUrl,
        serverInput: session.serverUrl,
        codeInput: '',
        message: '',
        syncText: syncTextOf(status),
        syncProblem: status.problem ?? '',
      });
    },

    showStatus(status) {
      if (!this.data.bound) return;
      const syncText = syncTextOf(status);
      const syncProblem = status.problem ?? '';
      if (syncText !== this.data.syncText || syncProblem !== this.data.syncProblem) {
        this.setData({ syncText, syncProblem });
      }
    },

    onInput(event) {
      const patch: Record<string, string> = { [event.currentTarget.dataset.field]: event.detail };
      if (this.data.message !== '') patch['message'] = '';
      this.setData(patch);
    },

    onBind() {
      if (this.data.busy) return;
      this.setData({ busy: true, message: '' });
      void bindTeam(this.data.serverInput, this.data.codeInput).then((result) => {
        this.setData({ busy: false });
        if (result.ok) wx.showToast({ title: '已绑定', icon: 'success' });
        else this.setData({ message: result.message });
      });
    },

    onUnbind() {
      const pending = outboxStatus().pending;
      wx.showModal({
        title: '解除绑定',
        content:
          pending > 0
            ? `还有 ${pending} 条通话未同步到团队，解除后它们不会上传。确定解除？`
            : '解除后通话记录只保存在本机，SDKAppID 和坐席账号可再次编辑。确定解除？',
        confirmText: '解除',
        confirmColor: '#ee0a24',
        success: (answer) => {
          if (!answer.confirm) return;
          // As the question said: what waits is not uploaded, and never later under someone else's binding.
          dropQueuedCalls();
          void unbindTeam();
        },
      });
    },
  },
});
