import { PDFDocument, type PDFFont, type PDFPage, rgb, StandardFonts } from 'pdf-lib';

export interface BillSummary {
  readonly companyName: string;
  readonly accountNumber: string;
  readonly accountName: string;
  readonly period: string;
  readonly currency: string;
  readonly totalChargeMinor: number;
  readonly totalVatMinor: number;
  readonly recordCount: number;
  readonly byType: readonly { label: string; records: number; chargeMinor: number }[];
  readonly topLines: readonly { msisdn: string; userName: string | null; chargeMinor: number }[];
  readonly generatedAt: Date;
}

const A4: [number, number] = [595.28, 841.89];
const MARGIN = 50;

/** A one-page PDF summary of one invoice (pdf-lib, the standard Helvetica fonts). */
export async function renderBillSummaryPdf(summary: BillSummary): Promise<Uint8Array> {
  const pdf = await PDFDocument.create();
  pdf.setTitle(`Bill summary ${summary.accountNumber} ${summary.period}`);
  pdf.setProducer('LineKeeper Bill Manager');
  pdf.setCreationDate(summary.generatedAt);
  const font = await pdf.embedFont(StandardFonts.Helvetica);
  const bold = await pdf.embedFont(StandardFonts.HelveticaBold);
  const page = pdf.addPage(A4);
  const money = (minor: number) => formatMoney(minor, summary.currency);
  let y = A4[1] - MARGIN;
  const text = (value: string, x: number, size = 10, face: PDFFont = font) => {
    page.drawText(toWinAnsi(value), { x, y, size, font: face, color: rgb(0.1, 0.1, 0.15) });
  };
  const rightText = (value: string, right: number, size = 10, face: PDFFont = font) => {
    const safe = toWinAnsi(value);
    page.drawText(safe, { x: right - face.widthOfTextAtSize(safe, size), y, size, font: face });
  };

  text('Bill summary', MARGIN, 20, bold);
  y -= 26;
  text(`${summary.companyName} · account ${summary.accountNumber} (${summary.accountName})`, MARGIN, 11);
  y -= 16;
  text(`Period ${summary.period}`, MARGIN, 11);
  y -= 30;
  for (const [label, value] of [
    ['Charges before VAT', money(summary.totalChargeMinor)],
    ['VAT', money(summary.totalVatMinor)],
    ['Total', money(summary.totalChargeMinor + summary.totalVatMinor)],
    ['Itemised records', summary.recordCount.toLocaleString('en-GB')],
  ] as const) {
    text(label, MARGIN, 11, label === 'Total' ? bold : font);
    rightText(value, A4[0] - MARGIN, 11, label === 'Total' ? bold : font);
    y -= 16;
  }
  y -= 14;
  y = table(
    page,
    { font, bold },
    y,
    'Spend by type',
    ['Type', 'Records', 'Charge'],
    summary.byType.map((row) => [row.label, row.records.toLocaleString('en-GB'), money(row.chargeMinor)]),
  );
  y -= 14;
  table(
    page,
    { font, bold },
    y,
    'Most expensive lines',
    ['Line', 'User', 'Charge'],
    summary.topLines.map((row) => [row.msisdn, row.userName ?? '', money(row.chargeMinor)]),
  );
  page.drawText(
    toWinAnsi(
      `Generated ${summary.generatedAt.toISOString().slice(0, 16).replace('T', ' ')} UTC by LineKeeper Bill Manager`,
    ),
    {
      x: MARGIN,
      y: MARGIN / 2,
      size: 8,
      font,
      color: rgb(0.4, 0.4, 0.45),
    },
  );
  return pdf.save();
}

function table(
  page: PDFPage,
  fonts: { font: PDFFont; bold: PDFFont },
  top: number,
  title: string,
  headings: readonly [string, string, string],
  rows: readonly (readonly [string, string, string])[],
): number {
  let y = top;
  const columns = [MARGIN, MARGIN + 250, A4[0] - MARGIN];
  page.drawText(title, { x: MARGIN, y, size: 13, font: fonts.bold });
  y -= 18;
  for (const [index, row] of [headings, ...rows].entries()) {
    if (y < MARGIN + 20) break;
    const face = index === 0 ? fonts.bold : fonts.font;
    page.drawText(toWinAnsi(row[0]), { x: columns[0] ?? MARGIN, y, size: 10, font: face });
    page.drawText(toWinAnsi(row[1]), { x: columns[1] ?? MARGIN, y, size: 10, font: face });
    const last = toWinAnsi(row[2]);
    page.drawText(last, { x: (columns[2] ?? 0) - face.widthOfTextAtSize(last, 10), y, size: 10, font: face });
    y -= 14;
  }
  return y;
}

export function formatMoney(minor: number, currency: string): string {
  return new Intl.NumberFormat('en-GB', { style: 'currency', currency }).format(minor / 100);
}

// The standard fonts encode WinAnsi only: anything else (a name in another script) becomes '?'.
function toWinAnsi(text: string): string {
  return text.replace(/[^\u0020-\u007e\u00a0-\u00ff£€·–—]/g, '?');
}
