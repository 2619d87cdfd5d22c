/**
 * Documentation that quotes a tested example: every line of code in the document's fenced blocks must be a line of
 * the example's files, so the document cannot drift from what the tests run. Comments and elisions (`…`) are the
 * document's own.
 */
import { readFileSync } from 'node:fs';

const code = (line: string) => line.replace(/\s*\/\/ .*$/, '').trim();

/** The fenced blocks of `markdown` in one of `languages`, and their lines of code found in none of `sources`. */
export function unquotedLines(markdown: string, languages: string[], sources: string[]): { blocks: number; strays: string[] } {
  const lines = new Set(sources.flatMap((path) => readFileSync(path, 'utf8').split('\n').map(code)));
  const fence = new RegExp(`\`\`\`(?:${languages.join('|')})\\n([\\s\\S]*?)\`\`\``, 'g');
  const blocks = [...markdown.matchAll(fence)].map((match) => match[1]);
  const strays = blocks
    .flatMap((block) => block.split('\n').map(code))
    .filter((line) => line && !line.includes('…') && !lines.has(line));
  return { blocks: blocks.length, strays };
}
