/** A document as a list of blocks, so the Word and the PDF of one audit say the same (REP-10). */
export type Block =
  | { kind: 'title' | 'heading' | 'text'; text: string }
  | { kind: 'table'; headings: string[]; rows: string[][] };
