/**
 * Every feature module's catalogue, registered into i18n once. Imported for its effect by the entry
 * points (app.module, worker threads, CLIs, the Jest setup) — never by i18n.ts, which imports no
 * feature module, so features can import i18n without an import circle. A new module adds one line.
 */
import { registerMessages } from './i18n.js';
import { messages as commonMessages } from '../common/messages.js';
import { messages as enterpriseMessages } from '../enterprises/messages.js';
import { messages as documentMessages } from '../documents/messages.js';
import { messages as importMessages } from '../imports/messages.js';
import { messages as policyMessages } from '../policy/messages.js';
import { messages as radarMessages } from '../radar/messages.js';
import { messages as reportMessages } from '../reports/messages.js';
import { messages as authMessages } from '../auth/messages.js';
import { messages as applicationMessages } from '../applications/messages.js';
import { messages as notificationMessages } from '../notifications/messages.js';
import { messages as portalMessages } from '../portal/messages.js';
import { messages as cultivationMessages } from '../cultivation/messages.js';
import { messages as planPeriodMessages } from '../plan-periods/messages.js';
import { messages as settingMessages } from '../settings/messages.js';
import { messages as calendarMessages } from '../calendar/messages.js';
import { messages as auditMessages } from '../audit/messages.js';
import { messages as handbookMessages } from '../handbook/messages.js';
import { messages as changeMessages } from '../changes/messages.js';
import { messages as srdiMessages } from '../srdi/messages.js';
import { messages as rdpsMessages } from '../rd-post-subsidy/messages.js';
import { messages as kpiMessages } from '../kpis/messages.js';
import { messages as offerMessages } from '../offers/messages.js';
import { messages as ladderMessages } from '../ladder/messages.js';
import { messages as riskGradeMessages } from '../applications/risk-grade.messages.js';
import { messages as projectMessages } from '../projects/messages.js';
import { messages as auditEntityMessages } from '../audit/entity-messages.js';
import { messages as ruleSetFormMessages } from '../policy/rule-sets/messages.js';

// Same order as before the split: a later catalogue wins on a shared key.
for (const m of [auditEntityMessages, commonMessages, enterpriseMessages, documentMessages, importMessages, policyMessages, radarMessages, reportMessages, authMessages, applicationMessages, notificationMessages, portalMessages, cultivationMessages, planPeriodMessages, settingMessages, calendarMessages, auditMessages, handbookMessages, changeMessages, srdiMessages, kpiMessages, offerMessages, ladderMessages, riskGradeMessages, projectMessages, rdpsMessages, ruleSetFormMessages]) {
  registerMessages(m);
}
