/** The TCCC account a call uses: the stored settings, with SDKAppID and seat from the team server while bound. */

import { AgentSettings } from '../core/agentSettings';
import { loadAgentSettings } from './settingsStore';
import { readTeamSession } from './teamSession';

/** True while the server decides the account (a bound session that has a seat to dial as). */
export function isAccountFromTeam(): boolean {
  const session = readTeamSession();
  return session !== null && session.user.seatUserId !== '';
}

export function loadCallSettings(): AgentSettings {
  const settings = loadAgentSettings();
  const session = readTeamSession();
  if (session === null || session.user.seatUserId === '') return settings;
  return { ...settings, sdkAppId: session.user.sdkAppId, userId: session.user.seatUserId };
}
