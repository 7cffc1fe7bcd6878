import PDFDocument from 'pdfkit';
import type { Block } from './document-blocks.js';

/**
 * REP-10: the audit document (audit-document.ts `auditDocumentBlocks`) as a PDF, with pdfkit's own
 * Helvetica (Arial's metric twin, so nothing is embedded). A table is drawn row by row, its columns
 * sharing the page's width, each cell wrapping its text; a row that would cross the foot of the page
 * starts the next one.
 */
export function auditPdf(blocks: readonly Block[], title: string): Promise<Buffer> {
  const pdf = new PDFDocument({ size: 'A4', margin: 50, info: { Title: title, Creator: 'Practice Audit' } });
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    pdf.on('data', (chunk: Buffer) => chunks.push(chunk));
    pdf.on('end', () => resolve(Buffer.concat(chunks)));
    pdf.on('error', reject);
  });
  const left = pdf.page.margins.left;
  const width = pdf.page.width - left - pdf.page.margins.right;

  for (const block of blocks) {
    switch (block.kind) {
      case 'title':
        pdf.font('Helvetica-Bold').fontSize(18).text(block.text, left, pdf.y, { width }).moveDown(0.5);
        break;
      case 'heading':
        pdf.moveDown(0.5).font('Helvetica-Bold').fontSize(13).text(block.text, left, pdf.y, { width }).moveDown(0.3);
        break;
      case 'text':
        pdf.font('Helvetica').fontSize(10).text(block.text, left, pdf.y, { width }).moveDown(0.3);
        break;
      case 'table':
        table(pdf, block.headings, block.rows, left, width);
        break;
    }
  }
  pdf.end();
  return done;
}

function table(pdf: PDFKit.PDFDocument, headings: string[], rows: string[][], left: number, width: number): void {
  const columns = Math.max(headings.length, ...rows.map((r) => r.length), 1);
  const columnWidth = width / columns;
  const pad = 3;
  const drawRow = (cells: string[], bold: boolean) => {
    pdf.font(bold ? 'Helvetica-Bold' : 'Helvetica').fontSize(9);
    const height = Math.max(...cells.map((c) => pdf.heightOfString(c, { width: columnWidth - 2 * pad }))) + 2 * pad;
    if (pdf.y + height > pdf.page.height - pdf.page.margins.bottom) pdf.addPage();
    const top = pdf.y;
    cells.forEach((cell, i) => {
      const x = left + i * columnWidth;
      pdf.rect(x, top, columnWidth, height).lineWidth(0.5).strokeColor('#999999').stroke();
      pdf.fillColor('black').text(cell, x + pad, top + pad, { width: columnWidth - 2 * pad });
    });
    pdf.x = left;
    pdf.y = top + height;
  };
  if (headings.length > 0) drawRow(headings, true);
  for (const row of rows) drawRow(row, false);
  pdf.moveDown(0.5);
}
