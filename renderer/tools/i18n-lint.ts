/**
 * Build-time check that components show no hard-coded text: every user-visible string must come from
 * src/i18n/ (en.ts, ja.ts). Flags JSX text and string literals in JSX children or in user-visible attributes
 * (title, placeholder, aria-label, alt, label) that contain a letter. Symbols and digits (·, →, 000000) pass.
 */
import ts from 'typescript';
import type { Plugin } from 'vite';

const VISIBLE_ATTRIBUTES = new Set([
  'title',
  'placeholder',
  'aria-label',
  'aria-description',
  'alt',
  'label',
]);
const HAS_LETTER = /\p{L}/u;

export interface HardCodedText {
  line: number;
  column: number;
  text: string;
}

export function findHardCodedText(fileName: string, source: string): HardCodedText[] {
  const file = ts.createSourceFile(fileName, source, ts.ScriptTarget.Latest, true, ts.ScriptKind.TSX);
  const found: HardCodedText[] = [];
  const report = (node: ts.Node, text: string): void => {
    const { line, character } = file.getLineAndCharacterOfPosition(node.getStart(file));
    found.push({ line: line + 1, column: character + 1, text: text.trim() });
  };
  const visit = (node: ts.Node): void => {
    if (ts.isJsxText(node) && HAS_LETTER.test(node.text)) {
      report(node, node.text);
    } else if (ts.isJsxExpression(node) && node.expression && ts.isJsxElement(node.parent)) {
      const e = node.expression;
      if ((ts.isStringLiteral(e) || ts.isNoSubstitutionTemplateLiteral(e)) && HAS_LETTER.test(e.text))
        report(e, e.text);
    } else if (
      ts.isJsxAttribute(node) &&
      VISIBLE_ATTRIBUTES.has(node.name.getText(file)) &&
      node.initializer
    ) {
      const init = node.initializer;
      const literal = ts.isStringLiteral(init)
        ? init
        : ts.isJsxExpression(init) &&
            init.expression &&
            (ts.isStringLiteral(init.expression) || ts.isNoSubstitutionTemplateLiteral(init.expression))
          ? init.expression
          : undefined;
      if (literal && HAS_LETTER.test(literal.text)) report(literal, literal.text);
    }
    ts.forEachChild(node, visit);
  };
  visit(file);
  return found;
}

/** Vite plugin: fails the build (and shows an overlay in dev) on hard-coded text in renderer/src/**.tsx. */
export function i18nLint(): Plugin {
  return {
    name: 'mfa-tray-i18n-lint',
    enforce: 'pre',
    transform(code, id) {
      const file = id.split('?')[0] ?? id;
      if (!file.endsWith('.tsx') || !/[\\/]renderer[\\/]src[\\/]/.test(file)) return null;
      const problems = findHardCodedText(file, code);
      if (problems.length > 0) {
        const list = problems.map((p) => `  ${file}:${p.line}:${p.column}  "${p.text}"`).join('\n');
        this.error(`Hard-coded UI text (put it in renderer/src/i18n/en.ts and ja.ts and use t()):\n${list}`);
      }
      return null;
    },
  };
}
