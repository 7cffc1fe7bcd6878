import { Injectable } from '@nestjs/common';
import { BorderStyle, Document, HeadingLevel, Packer, Paragraph, ShadingType, Table, TableCell, TableRow, TextRun, WidthType } from 'docx';
import type { Principal } from '../auth/principal.js';
import { StaffDirectory } from '../auth/staff-directory.js';
import { AuditQueries } from '../audits/audit.queries.js';
import type { Action, Audit, GradeChange } from '../audits/audit.types.js';
import { findQuestion, findSection, findTemplate } from '../audits/templates/index.js';
import { GRADE_LABELS } from '../imports/cell-values.js';
import { OVERALL, type Grade, type GradeSource } from '../shared/domain-types.js';
import { notFound } from '../shared/errors.js';
import { auditPdf } from './audit-pdf.js';
import type { Block } from './document-blocks.js';

/**
 * REP-10 (004 "Finishing up": "Attach the audit to the child's Mosaic file"; docs/rules/reporting.md):
 * one audit as a Word document for the child's file: its case facts, grades (auditor's and moderator's,
 * or the section marked not applicable), answers, the grade history with every rationale, the case
 * actions, and whether a UoPP meeting took place. Read with the audit query's own rights
 * (AuditQueries.byId). What never goes on the child's file stays out: learning actions (004 "Actions
 * around development for the social worker … should not recorded on the audit document") and the
 * content of UoPP meetings (000 "the content shall not be recorded").
 */

export type AuditDocumentData = {
  audit: Audit;
  history: GradeChange[];
  caseActions: Action[];
  /** Staff names by id; an id without a name is shown as the id. */
  names: Record<string, string>;
};

@Injectable()
export class AuditDocument {
  constructor(
    private readonly audits: AuditQueries,
    private readonly directory: StaffDirectory,
  ) {}

  /** NOT_FOUND for no such audit; FORBIDDEN (from byId) when the caller may not read it. */
  async docx(auditId: string, principal: Principal): Promise<{ audit: Audit; bytes: Buffer }> {
    const data = await this.data(auditId, principal);
    return { audit: data.audit, bytes: await Packer.toBuffer(auditDocument(data)) };
  }

  /** The same document as PDF (audit-pdf.ts). */
  async pdf(auditId: string, principal: Principal): Promise<{ audit: Audit; bytes: Buffer }> {
    const data = await this.data(auditId, principal);
    return { audit: data.audit, bytes: await auditPdf(auditDocumentBlocks(data), `Case file audit ${data.audit.caseRef}`) };
  }

  async data(auditId: string, principal: Principal): Promise<AuditDocumentData> {
    const audit = await this.audits.byId(auditId, principal);
    if (!audit) throw notFound('audit', auditId);
    const [history, actions] = await Promise.all([this.audits.gradeHistory(auditId), this.audits.actions(auditId, principal)]);
    const caseActions = actions.filter((a) => a.onCaseRecord);
    const ids = new Set([audit.practitionerId, audit.teamManagerId, audit.auditorId, audit.moderatorId, ...history.map((h) => h.changedById), ...caseActions.map((a) => a.ownerId)]);
    const names: Record<string, string> = {};
    for (const id of ids) names[id] = (await this.directory.find(id))?.name ?? id;
    return { audit, history, caseActions, names };
  }
}

const SOURCE_LABELS: Record<GradeSource, string> = { AUDITOR: 'Auditor', MODERATOR: 'Moderator', UOPP: 'UoPP meeting', DISPUTE: 'Dispute decision' };
const grade = (g: Grade | null | undefined) => (g ? GRADE_LABELS[g] : '–');

/** What the document says, in order, whatever the file format. */
export type { Block };

export function auditDocumentBlocks({ audit, history, caseActions, names }: AuditDocumentData): Block[] {
  const template = findTemplate(audit.templateId, audit.templateVersion);
  const sectionTitle = (key: string) => (key === OVERALL ? 'Overall' : (template && findSection(template, key)?.title) || key);
  const questionText = (key: string) => (template && findQuestion(template, key)?.question.text) || key;
  const name = (id: string) => names[id] ?? id;
  const heading = (text: string): Block => ({ kind: 'heading', text });
  const text = (words: string): Block => ({ kind: 'text', text: words });
  const table = (headings: string[], rows: string[][]): Block => ({ kind: 'table', headings, rows });

  const blocks: Block[] = [
    { kind: 'title', text: 'Understanding our Practice: case file audit' },
    table(
      [],
      [
        ['Case', audit.caseRef],
        ['Audit tool', `${template?.name ?? audit.templateId} (version ${audit.templateVersion})`],
        ['Practitioner', name(audit.practitionerId)],
        ['Team manager', name(audit.teamManagerId)],
        ['Auditor', name(audit.auditorId)],
        ['Moderator', moderatorLine(audit, name)],
        ['Status', audit.status],
      ],
    ),

    heading('Overall judgement'),
    table(
      ['Auditor’s grade', 'Moderated grade', 'Grade now'],
      [[grade(audit.initialGrade), audit.moderatedGrade ? grade(audit.moderatedGrade) : notModerated(audit), grade(audit.currentGrade)]],
    ),

    heading('Grades by section'),
    table(
      ['Section', 'Auditor’s grade', 'Moderator’s grade'],
      audit.sections
        .filter((s) => s.section !== OVERALL)
        .map((s) => [sectionTitle(s.section), s.notApplicableReason ? `Not applicable: ${s.notApplicableReason}` : grade(s.auditorGrade), grade(s.moderatorGrade)]),
    ),
  ];

  const answers = [
    ...audit.answers.map((a) => ({ section: a.section, question: a.question, text: a.comment ? `${a.answer.replace(/_/g, ' ')}: ${a.comment}` : a.answer.replace(/_/g, ' ') })),
    ...(audit.narratives ?? []),
  ];
  if (answers.length > 0) blocks.push(heading('Answers'), table(['Section', 'Question', 'Answer'], answers.map((a) => [sectionTitle(a.section), questionText(a.question), a.text])));

  blocks.push(
    heading('Grade history'),
    history.length === 0
      ? text('No grade has been given yet.')
      : table(
          ['When', 'Section', 'By', 'From', 'To', 'Rationale'],
          history.map((h) => [h.changedAt.toISOString().slice(0, 10), sectionTitle(h.section), `${name(h.changedById)} (${SOURCE_LABELS[h.source]})`, grade(h.from), grade(h.to), h.rationale]),
        ),

    heading('Actions'),
    caseActions.length === 0 ? text('No action on the child’s record.') : table(['Action', 'Owner', 'Due by', 'Status'], caseActions.map((a) => [a.description, name(a.ownerId), a.dueOn, a.status])),

    heading('Understanding our Practice Progression (UoPP) meeting'),
    text(audit.uoppHeld ? 'A UoPP meeting has taken place.' : 'No UoPP meeting has taken place yet.'),
  );
  return blocks;
}

export function auditDocument(data: AuditDocumentData): Document {
  const children = auditDocumentBlocks(data).map((block) => {
    switch (block.kind) {
      case 'title':
        return new Paragraph({ heading: HeadingLevel.TITLE, children: [new TextRun(block.text)] });
      case 'heading':
        return new Paragraph({ heading: HeadingLevel.HEADING_1, children: [new TextRun(block.text)] });
      case 'text':
        return new Paragraph({ children: [new TextRun(block.text)] });
      case 'table':
        return table(block.headings, block.rows);
    }
  });
  return new Document({
    creator: 'Practice Audit',
    title: `Case file audit ${data.audit.caseRef}`,
    styles: { default: { document: { run: { font: 'Arial', size: 22 } } } },
    sections: [{ children }],
  });
}

function moderatorLine(audit: Audit, name: (id: string) => string): string {
  if (audit.templateId === 'dip-sample' && audit.reauditOfAuditId) return 'None: a dip audit is the audit team’s brief check (AFT-4)';
  return name(audit.moderatorId);
}

function notModerated(audit: Audit): string {
  if (audit.status !== 'MODERATED') return 'Not yet moderated';
  if (audit.moderationSample === 'OUTSIDE_SAMPLE') return 'Not moderated: outside the month’s 10% moderation sample';
  return 'Not moderated';
}

const BORDER = { style: BorderStyle.SINGLE, size: 4, color: '999999' };

function table(headings: string[], rows: string[][]): Table {
  const cell = (value: string, header: boolean) =>
    new TableCell({
      children: value.split('\n').map((line) => new Paragraph({ children: [new TextRun({ text: line, bold: header })] })),
      shading: header ? { type: ShadingType.CLEAR, fill: 'E7E6E6', color: 'auto' } : undefined,
    });
  const head = headings.length > 0 ? [new TableRow({ tableHeader: true, children: headings.map((h) => cell(h, true)) })] : [];
  return new Table({
    width: { size: 100, type: WidthType.PERCENTAGE },
    borders: { top: BORDER, bottom: BORDER, left: BORDER, right: BORDER, insideHorizontal: BORDER, insideVertical: BORDER },
    rows: [...head, ...rows.map((row) => new TableRow({ children: row.map((value) => cell(value, false)) }))],
  });
}
