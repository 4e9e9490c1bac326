'use strict';
// Does a node version satisfy package.json's engines.node? npm's range grammar for the forms apps
// write: comparators (>= > <= < =), ^ and ~ (and ~>), x/X/* and partial versions, hyphen ranges
// (1.2 - 3), space for "and", || for "or". Prerelease tags order before their release.
// CLI: node semver.js VERSION RANGE -> exit 0 satisfies, 1 does not, 2 the range is not one
// (the reason printed).

const PARTIAL = /^v?(x|X|\*|\d+)(?:\.(x|X|\*|\d+)(?:\.(x|X|\*|\d+)(?:-([0-9A-Za-z.-]+))?(?:\+[0-9A-Za-z.-]+)?)?)?$/;

function parsePartial(text, range) {
  const m = PARTIAL.exec(text);
  if (!m) throw new RangeError(`'${range}' is not a version range: '${text}' is not a version`);
  const num = (s) => (s === undefined || /^[xX*]$/.test(s) ? null : Number(s));
  const parts = [num(m[1]), num(m[2]), num(m[3])];
  // 1.x.3 means 1.x: nothing after a wildcard counts.
  const first = parts.indexOf(null);
  if (first >= 0) parts.fill(null, first);
  return { parts, pre: parts[2] === null ? null : m[4] ?? null };
}

function parseVersion(text) {
  const v = parsePartial(text.trim(), text);
  if (v.parts.includes(null)) throw new RangeError(`'${text}' is not a full version (X.Y.Z)`);
  return v;
}

function compare(a, b) {
  for (let i = 0; i < 3; i++) if (a.parts[i] !== b.parts[i]) return a.parts[i] < b.parts[i] ? -1 : 1;
  if (a.pre === b.pre) return 0;
  if (a.pre === null) return 1;
  if (b.pre === null) return -1;
  const x = a.pre.split('.'), y = b.pre.split('.');
  for (let i = 0; i < Math.max(x.length, y.length); i++) {
    if (x[i] === undefined) return -1;
    if (y[i] === undefined) return 1;
    const nx = /^\d+$/.test(x[i]), ny = /^\d+$/.test(y[i]);
    if (nx && ny && Number(x[i]) !== Number(y[i])) return Number(x[i]) < Number(y[i]) ? -1 : 1;
    if (nx !== ny) return nx ? -1 : 1;
    if (x[i] !== y[i]) return x[i] < y[i] ? -1 : 1;
  }
  return 0;
}

const at = (major, minor = 0, patch = 0, pre = null) => ({ parts: [major, minor, patch], pre });
const any = () => [];
const none = () => [['<', at(0)]];

// The comparators one partial version stands for: 1 is >=1.0.0 <2.0.0, 1.2 is >=1.2.0 <1.3.0.
function lowest(p) {
  return at(p.parts[0] ?? 0, p.parts[1] ?? 0, p.parts[2] ?? 0, p.pre);
}
function pastEnd(p) {
  const [major, minor] = p.parts;
  return minor === null ? at(major + 1) : at(major, minor + 1);
}

function expand(op, p) {
  const [major, minor, patch] = p.parts;
  const exact = patch !== null;
  if (major === null) return op === '<' || op === '>' ? none() : any();
  switch (op) {
    case '':
    case '=': return exact ? [['=', p]] : [['>=', lowest(p)], ['<', pastEnd(p)]];
    case '>=': return [['>=', lowest(p)]];
    case '<': return [['<', lowest(p)]];
    case '>': return exact ? [['>', p]] : [['>=', pastEnd(p)]];
    case '<=': return exact ? [['<=', p]] : [['<', pastEnd(p)]];
    case '~':
      return [['>=', lowest(p)], ['<', minor === null ? at(major + 1) : at(major, minor + 1)]];
    case '^': {
      const end = major > 0 || minor === null ? at(major + 1)
        : minor > 0 || patch === null ? at(0, minor + 1) : at(0, 0, patch + 1);
      return [['>=', lowest(p)], ['<', end]];
    }
  }
  throw new RangeError(`unknown operator ${op}`);
}

// One "and" set: a hyphen range or space-separated comparators.
function parseSet(text, range) {
  const hyphen = /^(\S+)\s+-\s+(\S+)$/.exec(text);
  if (hyphen) {
    const from = parsePartial(hyphen[1], range), to = parsePartial(hyphen[2], range);
    return [...expand('>=', from), ...(to.parts[0] === null ? [] : expand('<=', to))];
  }
  // npm allows a space between an operator and its version: ">= 18".
  const words = text.replace(/(~>|\^|~|[<>]=?|=)\s+/g, '$1').split(/\s+/).filter(Boolean);
  if (words.length === 0) return any();
  return words.flatMap((word) => {
    const m = /^(~>|\^|~|[<>]=?|=)?(.*)$/.exec(word);
    const op = m[1] === '~>' ? '~' : m[1] ?? '';
    if (m[2] === '') throw new RangeError(`'${range}' is not a version range: '${word}' has no version`);
    return expand(op, parsePartial(m[2], range));
  });
}

function holds([op, bound], v) {
  const c = compare(v, bound);
  return op === '=' ? c === 0 : op === '>=' ? c >= 0 : op === '>' ? c > 0 : op === '<=' ? c <= 0 : c < 0;
}

function satisfies(version, range) {
  const v = parseVersion(version);
  const sets = range.trim().split('||').map((s) => parseSet(s.trim(), range));
  return sets.some((set) => set.every((comparator) => holds(comparator, v)));
}

module.exports = { satisfies };

if (require.main === module) {
  const [version, range] = process.argv.slice(2);
  try {
    process.exit(satisfies(version ?? '', range ?? '') ? 0 : 1);
  } catch (e) {
    if (!(e instanceof RangeError)) throw e;
    console.log(e.message + "; write one as npm does, e.g. '>=18', '^20.11' or '18.x || 20.x'");
    process.exit(2);
  }
}
