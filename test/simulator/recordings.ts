/**
 * The recorded Auth0 exchanges in test/fixtures/auth0-recordings/, read with a tiny YAML reader:
 * the go-vcr files use only block mappings, block sequences, quoted and plain one-line scalars
 * and the empty `{}` / `[]`, so that subset is all it understands (and it says so otherwise).
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const RECORDINGS_DIR = fileURLToPath(new URL('../fixtures/auth0-recordings/', import.meta.url));

export interface Exchange {
  request: { method: string; url: string; body: string; form: Record<string, string[]>; headers: Record<string, string[]> };
  response: { code: number; body: string; headers: Record<string, string[]> };
}

export interface Recording {
  name: string;
  interactions: Exchange[];
}

interface Line {
  indent: number;
  text: string;
  number: number;
}

function scalar(text: string, line: number): unknown {
  if (text === '{}') return {};
  if (text === '[]') return [];
  if (text.startsWith("'")) {
    if (!text.endsWith("'") || text.length < 2) throw new Error(`line ${line}: unterminated quoted scalar`);
    return text.slice(1, -1).replace(/''/g, "'");
  }
  if (text.startsWith('"')) return JSON.parse(text);
  if (/^-?\d+(\.\d+)?$/.test(text)) return Number(text);
  if (text === 'true' || text === 'false') return text === 'true';
  if (/^[[{|>&*!]/.test(text)) throw new Error(`line ${line}: unsupported YAML: ${text.slice(0, 20)}`);
  return text;
}

/** Parses the YAML subset described above. */
export function parseYaml(source: string): unknown {
  const lines: Line[] = source
    .split(/\r?\n/)
    .map((raw, index) => ({ indent: raw.length - raw.trimStart().length, text: raw.trim(), number: index + 1 }))
    .filter((line) => line.text && line.text !== '---' && !line.text.startsWith('#'));
  let at = 0;

  function block(indent: number): unknown {
    return lines[at].text.startsWith('- ') || lines[at].text === '-' ? sequence(indent) : mapping(indent);
  }

  function value(rest: string, indent: number, isSequenceItem: boolean): unknown {
    if (rest !== '') return scalar(rest, lines[at - 1].number);
    const next = lines[at];
    if (next && next.indent > indent) return block(next.indent);
    // YAML lets a mapping's sequence sit at the key's own indent.
    if (!isSequenceItem && next && next.indent === indent && next.text.startsWith('- ')) return sequence(indent);
    return null;
  }

  function sequence(indent: number): unknown[] {
    const items: unknown[] = [];
    while (at < lines.length && lines[at].indent === indent && (lines[at].text.startsWith('- ') || lines[at].text === '-')) {
      const line = lines[at];
      const rest = line.text.slice(1).trim();
      if (/^[\w-]+:( |$)/.test(rest)) {
        // `- key: value` opens a mapping whose keys sit two columns in.
        lines[at] = { ...line, indent: indent + 2, text: rest };
        items.push(mapping(indent + 2));
      } else {
        at++;
        items.push(value(rest, indent, true));
      }
    }
    return items;
  }

  function mapping(indent: number): Record<string, unknown> {
    const result: Record<string, unknown> = {};
    while (at < lines.length && lines[at].indent === indent && !lines[at].text.startsWith('- ')) {
      const line = lines[at];
      const match = /^([\w-]+):(?: (.*))?$/.exec(line.text);
      if (!match) throw new Error(`line ${line.number}: expected "key: value"`);
      at++;
      result[match[1]] = value((match[2] ?? '').trim(), indent, false);
    }
    if (at < lines.length && lines[at].indent > indent) throw new Error(`line ${lines[at].number}: unexpected indent`);
    return result;
  }

  const result = lines.length ? block(lines[0].indent) : null;
  if (at < lines.length) throw new Error(`line ${lines[at].number}: unexpected content`);
  return result;
}

export function loadRecordings(dir = RECORDINGS_DIR): Recording[] {
  return readdirSync(dir)
    .filter((file) => file.endsWith('.yaml'))
    .sort()
    .map((file) => {
      const parsed = parseYaml(readFileSync(join(dir, file), 'utf8')) as { interactions: Exchange[] };
      return { name: file.replace(/\.yaml$/, ''), interactions: parsed.interactions };
    });
}
