// Lines of a section as printed by a PDF (or a text copied from one) break inside sentences. For reading, a line
// is joined to the one before when that one is long and does not end a sentence, and this one does not start an
// item (（一）, 一、, 1.). Display only: the data keeps the text as it was read.

const ENDS_SENTENCE = /[。！？；：!?;:”’」』）)】]$/;
const STARTS_ITEM = /^(（[一二三四五六七八九十\d]+）|\([一二三四五六七八九十\d]+\)|[一二三四五六七八九十]+、|\d+[.、．]|[①-⑳])/;
const WRAPPED_LENGTH = 18;

export function reflow(lines: string[]): string[] {
  const out: string[] = [];
  for (const line of lines) {
    const prev = out[out.length - 1];
    if (prev !== undefined && prev.length >= WRAPPED_LENGTH && !ENDS_SENTENCE.test(prev) && !STARTS_ITEM.test(line)) {
      out[out.length - 1] = prev + line;
    } else {
      out.push(line);
    }
  }
  return out;
}
