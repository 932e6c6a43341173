import type Mail from 'nodemailer/lib/mailer';
import MailComposer from 'nodemailer/lib/mail-composer';
import type MimeNode from 'nodemailer/lib/mime-node';
import { encode as qpEncode, wrap as qpWrap } from 'nodemailer/lib/qp';

/** Base64 lines of 76 characters (RFC 2045), as nodemailer writes them. */
const base64Line = 76;

/**
 * The whole message as bytes, ready to hand to the SMTP transport as `raw`.
 *
 * nodemailer's own composer decides everything about the message: the tree of parts, every
 * header (addresses, encoded words, boundaries, file names) and each part's transfer encoding.
 * Only the writing is done here, in one synchronous pass: nodemailer writes a tree through a
 * stream pipeline per part, with a turn of the event loop between parts, and for a ticket's seven
 * parts that machinery cost more than the encoding itself.
 */
export function composeRaw(mail: Mail.Options): Buffer {
  const out: (string | Buffer)[] = [];
  writeNode(new MailComposer(mail).compile(), out);
  return Buffer.concat(
    out.map((piece) => (typeof piece === 'string' ? Buffer.from(piece) : piece)),
  );
}

function writeNode(node: MimeNode, out: (string | Buffer)[]): void {
  out.push(node.buildHeaders() + '\r\n\r\n');
  if (node.content) out.push(encodedContent(node));
  if (!node.multipart) return;
  node.childNodes.forEach((child, index) => {
    out.push(`${index > 0 ? '\r\n' : ''}--${String(node.boundary)}\r\n`);
    writeNode(child, out);
  });
  out.push(`\r\n--${String(node.boundary)}--\r\n`);
}

function encodedContent(node: MimeNode): string | Buffer {
  const content = node.content;
  if (typeof content !== 'string' && !Buffer.isBuffer(content)) {
    // Streams, files and URLs would need nodemailer's asynchronous writer: rendering never makes them.
    throw new Error('composeRaw takes parts held in memory only');
  }
  switch (node.getTransferEncoding()) {
    case 'base64':
      return wrapLines(Buffer.from(content).toString('base64'), base64Line);
    case 'quoted-printable':
      return qpWrap(qpEncode(Buffer.from(content)), 76);
    default:
      return content;
  }
}

function wrapLines(text: string, width: number): string {
  const lines: string[] = [];
  for (let at = 0; at < text.length; at += width) lines.push(text.slice(at, at + width));
  return lines.join('\r\n');
}
