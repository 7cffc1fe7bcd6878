/** The boardReport query as the page shows it: every figure, aggregates only. */
const CYCLE = `cycleId name service month audits
  grades { grade initial moderated }
  moderation { moderated unchanged upgraded downgraded agreementRate }
  moderationChanges { initial moderated count }
  weightedKappa
  uopp { due held heldOnTime overdue followUpsDue followUpsHeld followUpsHeldOnTime followUpsOverdue urgentIssuesDue urgentIssuesAddressed urgentIssuesAddressedOnTime urgentIssuesOverdue }
  followUps { belowGood reauditTarget dipAuditsDue dipAuditsDone dipAuditsReachedGood dipAuditsOverdue reaudited reauditsReachedGood }
  actions { agreed open completed completedOnTime dropped overdue }
  familyFeedback { recorded rated notCompleted ratings { rating count } averageRating couldHaveTheirSay { yes no notApplicable } ableToAccessSupport { yes no notApplicable } }
  escalations { belowGood notYetDue improved due escalated }`;

const GROUP = `group audits suppressed grades { grade count }`;

export const BOARD_REPORT = `query BoardReport($cycleId: ID!) {
  boardReport(cycleId: $cycleId) {
    asOf kloes keyPracticePoints
    cycle { ${CYCLE} }
    previous { ${CYCLE} }
    auditorAgreement { auditorId auditor moderated unchanged upgraded downgraded agreementRate }
    equality { suppressedBelow byEthnicity { ${GROUP} } byAgeBand { ${GROUP} } }
    programme { auditMonth learningFrom learningTo practiceDayMonth reauditMonth practiceDayHeldOn }
  }
}`;

export const CYCLES = `query BoardReportCycles { cycles { id name service month } }`;

/** Who the API lets read the board report (BoardReportResolver, ExportsController). */
export const BOARD_REPORT_READERS = ['AUDIT_TEAM', 'AUDIT_MANAGER', 'HEAD_OF_SERVICE', 'GOVERNANCE', 'BOARD_READER', 'DIVISIONAL_DIRECTOR'];

export interface CycleSummary {
  cycleId: string;
  name: string;
  service: string;
  month: string;
  audits: number;
  grades: Array<{ grade: string; initial: number; moderated: number }>;
  moderation: { moderated: number; unchanged: number; upgraded: number; downgraded: number; agreementRate: number | null };
  moderationChanges: Array<{ initial: string; moderated: string; count: number }>;
  weightedKappa: number | null;
  uopp: Record<string, number>;
  followUps: Record<string, number>;
  actions: Record<string, number>;
  familyFeedback: {
    recorded: number;
    rated: number;
    notCompleted: number;
    ratings: Array<{ rating: number; count: number }>;
    averageRating: number | null;
    couldHaveTheirSay: { yes: number; no: number; notApplicable: number };
    ableToAccessSupport: { yes: number; no: number; notApplicable: number };
  };
  escalations: { belowGood: number; notYetDue: number; improved: number; due: number; escalated: number };
}

export interface EqualityGroup {
  group: string;
  audits: number | null;
  suppressed: boolean;
  grades: Array<{ grade: string; count: number | null }>;
}

export interface BoardReport {
  asOf: string;
  kloes: string[];
  keyPracticePoints: string[];
  cycle: CycleSummary;
  previous: CycleSummary[];
  auditorAgreement: Array<{ auditorId: string; auditor: string; moderated: number; unchanged: number; upgraded: number; downgraded: number; agreementRate: number | null }>;
  equality: { suppressedBelow: number; byEthnicity: EqualityGroup[]; byAgeBand: EqualityGroup[] };
  programme: { auditMonth: string; learningFrom: string; learningTo: string; practiceDayMonth: string; reauditMonth: string; practiceDayHeldOn: string | null };
}
