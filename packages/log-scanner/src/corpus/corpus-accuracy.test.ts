import { describe, expect, it } from 'vitest';
import { scanText } from '../scan-text.js';
import { CORPUS_FORMATS, generateCorpus } from './generate-corpus.js';

function score(seed: number, formats = CORPUS_FORMATS, thorough = false) {
  const corpus = generateCorpus({ seed, lines: 4000, formats });
  const expected = new Set(corpus.expected.map((e) => `${e.line}|${e.kind}|${e.value}`));
  const found = new Set(
    scanText(corpus.text, { thorough }).map((f) => `${f.lineNumber}|${f.kind}|${f.value}`),
  );
  const truePositives = [...found].filter((f) => expected.has(f));
  return {
    expected: expected.size,
    recall: truePositives.length / expected.size,
    precision: truePositives.length / found.size,
    missed: [...expected].filter((e) => !found.has(e)).slice(0, 5),
    spurious: [...found].filter((f) => !expected.has(f)).slice(0, 5),
    lines: corpus.text.split('\n'),
  };
}

describe('accuracy on the labelled corpus', () => {
  it('is deterministic for a seed', () => {
    expect(generateCorpus({ seed: 7, lines: 50 })).toEqual(generateCorpus({ seed: 7, lines: 50 }));
  });

  it.each([1, 2, 3])('recall and precision are at least 99.5%% (seed %i)', (seed) => {
    const result = score(seed);
    const context = [...result.missed, ...result.spurious].map(
      (k) => `${k}  ${result.lines[Number(k.split('|')[0]) - 1]}`,
    );
    expect(result.expected).toBeGreaterThan(1000);
    expect(result.recall, context.join('\n')).toBeGreaterThanOrEqual(0.995);
    expect(result.precision, context.join('\n')).toBeGreaterThanOrEqual(0.995);
  });

  it.each(CORPUS_FORMATS)('holds for the %s format on its own', (format) => {
    const result = score(11, [format]);
    expect(result.recall).toBeGreaterThanOrEqual(0.995);
    expect(result.precision).toBeGreaterThanOrEqual(0.995);
  });

  it('holds in thorough mode (every byte read)', () => {
    const result = score(5, CORPUS_FORMATS, true);
    expect(result.recall).toBeGreaterThanOrEqual(0.995);
    expect(result.precision).toBeGreaterThanOrEqual(0.995);
  });
});
