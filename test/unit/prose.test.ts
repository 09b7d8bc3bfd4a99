import { test } from 'node:test';
import assert from 'node:assert/strict';
import { tags, engine } from './helpers';
import { ConceptDocument } from '../../server/src/core/document';

test('prose constructs are tagged', () => {
  assert.deepEqual(tags('# 数据要素\n'), ['数据要素@0:2-0:6=data-elements'], 'ATX heading');
  assert.deepEqual(tags('标题数据要素\n===\n'), ['数据要素@0:2-0:6=data-elements'], 'setext heading');
  assert.deepEqual(tags('发挥数据要素作用。\n'), ['数据要素@0:2-0:6=data-elements'], 'paragraph');
  assert.deepEqual(tags('- 一是数据要素\n- 二是产业数字化\n'), ['数据要素@0:4-0:8=data-elements', '产业数字化@1:4-1:9=industrial-digitalization'], 'list items');
  assert.deepEqual(tags('1. 数据要素\n'), ['数据要素@0:3-0:7=data-elements'], 'ordered list');
  assert.deepEqual(tags('| 项目 | 说明 |\n| --- | --- |\n| 数据要素 | 新质生产力 |\n'), ['数据要素@2:2-2:6=data-elements', '新质生产力@2:9-2:14=npf'], 'table cells');
  assert.deepEqual(tags('> 引述：数据要素\n'), ['数据要素@0:5-0:9=data-elements'], 'block quote');
  assert.deepEqual(tags('见[数据要素](https://example.com/数据要素)。\n'), ['数据要素@0:2-0:6=data-elements'], 'link text, not its destination');
  assert.deepEqual(tags('**数据要素**与*新质生产力*\n'), ['数据要素@0:2-0:6=data-elements', '新质生产力@0:10-0:15=npf'], 'emphasis');
  assert.deepEqual(tags('正文[^1]\n\n[^1]: 注释提到数据要素。\n'), ['数据要素@2:10-2:14=data-elements'], 'footnote');
});

test('non-prose constructs are never tagged', () => {
  assert.deepEqual(tags('```\n数据要素\n```\n'), [], 'fenced code');
  assert.deepEqual(tags('~~~md\n数据要素\n~~~\n'), [], 'tilde fence');
  assert.deepEqual(tags('段落\n\n    数据要素\n'), [], 'indented code');
  assert.deepEqual(tags('用`数据要素`表示\n'), [], 'inline code');
  assert.deepEqual(tags('![数据要素](数据要素.png)\n'), [], 'image alt and destination');
  assert.deepEqual(tags('<div>数据要素</div>\n'), [], 'raw HTML block');
  assert.deepEqual(tags('文字<span title="数据要素">x</span>\n'), [], 'inline HTML');
  assert.deepEqual(tags('<!-- 数据要素 -->\n'), [], 'HTML comment');
  assert.deepEqual(tags('---\ntitle: 数据要素\n---\n\n正文\n'), [], 'YAML front matter');
  assert.deepEqual(tags('+++\ntitle = "数据要素"\n+++\n'), [], 'TOML front matter');
  assert.deepEqual(tags('[ref]: https://x.org/数据要素 "数据要素"\n'), [], 'link reference definition');
  assert.deepEqual(tags('<https://example.com/data elements>\n'), [], 'autolink');
});

test('a term soft-wrapped across lines is one occurrence spanning both lines', () => {
  assert.deepEqual(tags('加快培育数据要\n素市场。\n'), ['数据要\n素@0:4-1:1=data-elements']);
  assert.deepEqual(tags('> 加快数据要\n> 素流通\n'), ['数据要\n> 素@0:4-1:3=data-elements']);
  assert.deepEqual(tags('- 加快数据要\n  素流通\n'), ['数据要\n  素@0:4-1:3=data-elements']);
  assert.deepEqual(tags('use data\nelements well\n'), ['data\nelements@0:4-1:8=data-elements']);
});

test('astral characters and CRLF do not shift ranges', () => {
  assert.deepEqual(tags('😀𠀀数据要素\n'), ['数据要素@0:4-0:8=data-elements']);
  assert.deepEqual(tags('# 标题\r\n\r\n一是数据要\r\n素，二是新质生产力。\r\n'), ['数据要\r\n素@2:2-3:1=data-elements', '新质生产力@3:4-3:9=npf']);
});

test('variants map to their concept; English is case-insensitive on word boundaries', () => {
  assert.deepEqual(tags('推动颠覆性技术创新与颠覆性创新\n'), ['颠覆性技术创新@0:2-0:9=disruptive', '颠覆性创新@0:10-0:15=disruptive']);
  assert.deepEqual(tags('Data Elements and metadata elements\n'), ['Data Elements@0:0-0:13=data-elements']);
});

test('sentences split at Chinese sentence punctuation', () => {
  const text = '第一句话。发挥数据要素作用！第三句；含有新质生产力？English data elements here. Next.\n';
  const doc = new ConceptDocument(text, engine);
  const sentences = doc.occurrences.map((o) => doc.sentenceAt(o.start)?.text);
  assert.deepEqual(sentences, ['发挥数据要素作用！', '含有新质生产力？', 'English data elements here.']);
});

test('sentence text joins soft-wrapped lines', () => {
  const doc = new ConceptDocument('加快培育数据要\n素市场。下一句。\n', engine);
  assert.equal(doc.sentenceAt(doc.occurrences[0].start)?.text, '加快培育数据要素市场。');
});

test('sections group occurrences under headings', () => {
  const doc = new ConceptDocument('# 总则\n数据要素\n## 一、任务\n新质生产力和数据要素\n', engine);
  assert.deepEqual(doc.sections.map((s) => [s.heading.text, s.occurrences.map((o) => o.concept.term)]), [
    ['总则', ['数据要素']],
    ['一、任务', ['新质生产力', '数据要素']],
  ]);
});

test('an occurrence in a table cell has the cell text as its sentence', () => {
  const text = '| 序号 | 任务 |\n| --- | --- |\n| 1 | 加快数据要素流通 |\n';
  const doc = new ConceptDocument(text, engine);
  assert.equal(doc.occurrences.length, 1);
  assert.equal(doc.sentenceAt(doc.occurrences[0].start)?.text, '加快数据要素流通');
});
