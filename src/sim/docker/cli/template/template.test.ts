import { describe, expect, it } from 'vitest';
import { parseGoTemplate, executeGoTemplate, renderGoTemplate, GO_TYPE } from './index.ts';
import { sprintf } from './fmt.ts';

// Expected texts come from the real docker 28.2.2 client: `docker inspect --type container -f TEMPLATE x`
// against a stub daemon serving DATA (the raw-JSON pass of docker inspect: missingkey=error).
const DATA = {
  Id: 'abcdef123456',
  Name: '/web',
  Config: { Env: ['A=1', 'B=2'], Labels: { a: '1', b: '2' }, Cmd: ['sleep', '1000'] },
  State: { Running: true, Pid: 42, ExitCode: 0 },
  NetworkSettings: { Networks: { bridge: { IPAddress: '172.17.0.2' } } },
  Num: 3,
  Float: 1.5,
  Empty: '',
  List: [],
};
const OPTS = { missingKey: 'error' as const, mapKeys: new Set(['Labels', 'Networks']), rawTypes: true };

function run(src: string): string {
  const t = parseGoTemplate(src);
  if ('error' in t) return `PARSE: ${t.error}`;
  const r = executeGoTemplate(t, DATA, undefined, OPTS);
  return 'error' in r ? `EXEC: ${r.error}` : r.text;
}

const CASES: Array<[string, string]> = [
  ['{{.Name}}', '/web'],
  ['{{json .Config.Labels}}', '{"a":"1","b":"2"}'],
  ['{{range .Config.Env}}{{.}},{{end}}', 'A=1,B=2,'],
  ['{{range $k, $v := .Config.Labels}}{{$k}}={{$v}};{{end}}', 'a=1;b=2;'],
  ['{{join .Config.Cmd " "}}', 'sleep 1000'],
  ['{{upper .Name}} {{lower "ABC"}} {{title "hello world-foo"}}', '/WEB abc Hello World-Foo'],
  ['{{index .Config.Labels "a"}}', '1'],
  ['{{len .Config.Env}}', '2'],
  ['{{if .State.Running}}up{{else}}down{{end}}', 'up'],
  ['{{printf "%s-%d" .Name .State.Pid}}', '/web-42'],
  ['{{.Name | printf "%q"}}', '"/web"'],
  ['{{split "a,b,c" ","}}', '[a b c]'],
  ['{{pad .Name 2 3}}|', '  /web   |'],
  ['{{truncate .Id 2}}', 'ab'],
  ['{{range .NetworkSettings.Networks}}{{.IPAddress}}{{end}}', '172.17.0.2'],
  ['{{.Missing}}', 'EXEC: template: :1:2: executing "" at <.Missing>: map has no entry for key "Missing"'],
  ['{{.Config.Labels}}', 'map[a:1 b:2]'],
  ['{{.Config.Env}}', '[A=1 B=2]'],
  ['{{with .State}}{{.Pid}}{{end}}', '42'],
  ['{{if eq .State.Pid 42}}yes{{end}}', 'yes'],
  ['{{ .Name -}}  x {{- .Name }}', '/webx/web'],
  ['{{$x := .Name}}{{$x}}', '/web'],
  ['{{index .Config.Env 1}}', 'B=2'],
  ['{{.Float}}', '1.5'],
  ['{{len .List}}{{range .List}}x{{else}}empty{{end}}', '0empty'],
  ['{{printf "%5s|%-5s|%05d|%.2f|%x|%v|%t" "a" "b" 42 3.14159 255 .Config.Cmd true}}', '    a|b    |00042|3.14|ff|[sleep 1000]|true'],
  ['{{.Foo.Bar}}', 'EXEC: template: :1:6: executing "" at <.Foo.Bar>: map has no entry for key "Foo"'],
  ['{{foo}}', 'PARSE: template: :1: function "foo" not defined'],
  ['{{.Name}', "PARSE: template: :1: bad character U+007D '}'"],
  ['{{.Name}} {{index .Config.Env 5}}', 'EXEC: template: :1:12: executing "" at <index .Config.Env 5>: error calling index: index out of range: 5'],
  ['{{if and .State.Running (eq .Name "/web")}}both{{end}} {{or .Empty "dflt"}} {{not .Empty}}', 'both dflt true'],
  ['{{range $i, $e := .Config.Cmd}}{{$i}}:{{$e}} {{end}}', '0:sleep 1:1000 '],
  ['{{json .Config.Cmd}} {{json .Name}} {{json .State.Pid}}', '["sleep","1000"] "/web" 42'],
  ['{{/* comment */}}after', 'after'],
  ['{{printf "%d" .Name}}', '%!d(string=/web)'],
  ['{{range .Config.Cmd}}{{if eq . "sleep"}}{{continue}}{{end}}{{.}}{{end}}', '1000'],
  ['{{.Config.Labels.a}} {{.Config.Labels.zzz}}', '1 <no value>'],
  ['{{lt 1 2}} {{gt "b" "a"}} {{ne 1 2}} {{le 2 2}}', 'true true true true'],
  ['{{.Name.Foo}}', 'EXEC: template: :1:7: executing "" at <.Name.Foo>: can\'t evaluate field Foo in type interface {}'],
  ['{{print "a" 1 2 "b"}}', 'a1 2b'],
  ['{{println "x" 1}}', 'x 1\n'],
];

describe('Go text/template (checked against docker 28.2.2)', () => {
  for (const [src, want] of CASES) it(src, () => expect(run(src)).toBe(want));

  it('reports unclosed actions and stray ends as Go does', () => {
    expect(renderGoTemplate('{{.Foo', {})).toEqual({ error: 'template: :1: unclosed action' });
    expect(renderGoTemplate('{{end}}', {})).toEqual({ error: 'template: :1: unexpected {{end}}' });
    expect(renderGoTemplate('{{if .A}}x', {})).toEqual({ error: 'template: :1: unexpected EOF' });
  });

  it('errors on a missing field of a struct, naming its Go type', () => {
    const ctx = { ID: 'abc' };
    Object.defineProperty(ctx, GO_TYPE, { value: '*formatter.ContainerContext' });
    expect(renderGoTemplate('{{.ID}} {{.Foo}}', ctx)).toEqual({ error: 'template: :1:10: executing "" at <.Foo>: can\'t evaluate field Foo in type *formatter.ContainerContext', partial: 'abc ' });
  });

  it('errors on an unexported (lower-case) field of a struct, on the fast path too', () => {
    const ctx = { ID: 'abc', images: [] };
    Object.defineProperty(ctx, GO_TYPE, { value: '*formatter.diskUsageImagesContext' });
    expect(renderGoTemplate('{{.images}}', ctx)).toEqual({ error: 'template: :1:2: executing "" at <.images>: images is an unexported field of struct type *formatter.diskUsageImagesContext', partial: '' });
  });

  it('pad leaves an empty string empty (docker padWithSpace)', () => {
    expect(renderGoTemplate('a:{{pad "" 1 0}}|b:{{pad "x" 1 1}}|', {})).toEqual({ text: 'a:|b: x |' });
  });

  it('prints a table row of plain fields as the executor does (fast path), and leaves what it cannot do to the executor', () => {
    const ctx = {
      ID: () => 'abc',
      Ports: () => ['80/tcp', '443/tcp'],
      Size: 3,
      Platform: null,
      Label: (k: string) => k,
    };
    Object.defineProperty(ctx, GO_TYPE, { value: '*formatter.ContainerContext' });
    const t = parseGoTemplate('{{.ID}}\t{{.Ports}}\t{{.Size}}\t{{.Platform}}|');
    if ('error' in t) throw new Error(t.error);
    expect(executeGoTemplate(t, ctx)).toEqual({ text: 'abc\t[80/tcp 443/tcp]\t3\t<nil>|' });
    expect(t.fast).toBeTypeOf('function');
    // A map is not a struct: the executor's rules (<no value>) apply.
    expect(executeGoTemplate(t, { ID: 'x' })).toEqual({ text: 'x\t<no value>\t<no value>\t<no value>|' });
    expect(renderGoTemplate('{{.Label}}', ctx)).toEqual({ error: 'template: :1:2: executing "" at <.Label>: wrong number of args for Label: want 1 got 0', partial: '' });
    const piped = parseGoTemplate('{{.ID | printf "%s!"}}');
    if ('error' in piped) throw new Error(piped.error);
    expect(executeGoTemplate(piped, ctx)).toEqual({ text: 'abc!' });
    expect(piped.fast).toBeNull();
  });

  it('calls methods with arguments (.Label "x")', () => {
    const ctx = {
      Label(k: string) {
        return k === 'a' ? 'one' : '';
      },
    };
    Object.defineProperty(ctx, GO_TYPE, { value: '*formatter.ContainerContext' });
    expect(renderGoTemplate('{{.Label "a"}}', ctx)).toEqual({ text: 'one' });
  });

  it('supports else if chains, with/else and variables in ranges', () => {
    expect(renderGoTemplate('{{if eq .N 1}}one{{else if eq .N 2}}two{{else}}many{{end}}', { N: 2 })).toEqual({ text: 'two' });
    expect(renderGoTemplate('{{with .X}}has{{else}}none{{end}}', { X: '' })).toEqual({ text: 'none' });
    expect(renderGoTemplate('{{$n := 0}}{{range .L}}{{$n = .}}{{end}}{{$n}}', { L: [1, 2, 3] })).toEqual({ text: '3' });
    expect(renderGoTemplate('{{range .L}}{{if eq . 2}}{{break}}{{end}}{{.}}{{end}}', { L: [1, 2, 3] })).toEqual({ text: '1' });
  });

  it('formats like fmt.Sprintf', () => {
    expect(sprintf('%-10s|%3d|%q|%v|%.1f|%%', ['ab', 7, 'x"y', [1, 2], 2.25])).toBe('ab        |  7|"x\\"y"|[1 2]|2.2|%');
    expect(sprintf('%s %s', ['a'])).toBe('a %!s(MISSING)');
    expect(sprintf('%d', [1.5])).toBe('%!d(float64=1.5)');
  });
});
