/** Helpers that cut an answer into the pieces the frames carry. */

/** Items of the list that follows a "Recommendations:" line, without their bullets or numbers. */
export function extractRecommendations(answer: string): string[] {
  const lines = answer.split('\n');
  const start = lines.findIndex((line) => /^\s*\**recommendations\**\s*:?\**\s*$/i.test(line));
  if (start === -1) return [];
  const items: string[] = [];
  for (const line of lines.slice(start + 1)) {
    const item = /^\s*(?:[-*•]|\d+[.)])\s+(.+)$/.exec(line);
    if (item?.[1]) items.push(item[1].trim());
    else if (line.trim() !== '' && items.length > 0) break;
  }
  return items;
}

/** The first paragraph. */
export function executiveSummary(answer: string): string {
  return answer.trim().split(/\n\s*\n/)[0]?.trim() ?? '';
}

/** Splits text into at most `maxChunks` pieces on word boundaries; joined, they equal the text. */
export function splitIntoChunks(text: string, maxChunks = 6): string[] {
  const words = text.match(/\s*\S+\s*/g) ?? [];
  if (words.length === 0) return text === '' ? [] : [text];
  const perChunk = Math.ceil(words.length / maxChunks);
  const chunks: string[] = [];
  for (let i = 0; i < words.length; i += perChunk) chunks.push(words.slice(i, i + perChunk).join(''));
  return chunks;
}
