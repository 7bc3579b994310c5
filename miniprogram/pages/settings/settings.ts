/** Settings page: the agent's TCCC account, validated field by field. */

import { AgentSettingsErrors } from '../../core/agentSettings';
import { loadAgentSettings, saveAgentSettings } from '../../services/settingsStore';

type EditableField = 'sdkAppId' | 'userId';
type FieldEvent = VantEvent<string, { field: EditableField }>;

Component({
  data: {
    sdkAppId: '',
    userId: '',
    errors: {} as AgentSettingsErrors,
  },
  methods: {
    onLoad() {
      const settings = loadAgentSettings();
      this.setData({ sdkAppId: settings.sdkAppId, userId: settings.userId });
    },
    onFieldChange(event: FieldEvent) {
      const field = event.currentTarget.dataset.field;
      const patch: Record<string, string> = { [field]: event.detail };
      if (this.data.errors[field] !== undefined) patch[`errors.${field}`] = '';
      this.setData(patch);
    },
    onSave() {
      const result = saveAgentSettings({
        ...loadAgentSettings(),
        sdkAppId: this.data.sdkAppId,
        userId: this.data.userId,
      });
      if (!result.ok) {
        this.setData({ errors: result.errors });
        wx.showToast({ title: result.message, icon: 'none' });
        return;
      }
      this.setData({ sdkAppId: result.settings.sdkAppId, userId: result.settings.userId, errors: {} });
      wx.showToast({ title: '已保存', icon: 'success' });
    },
  },
});
