// The capacity models' calculators: a form under a page's worked example whose outputs follow its
// inputs. The model is data in the page (`data-calculator`, from front matter `calculator:`); the
// formulas are read by this file's own parser and evaluator -- the same language as atlas.calculator in
// Python, tested against one table of cases -- never eval'd, and nothing is fetched from anywhere.
(function (root, factory) {
  'use strict';
  var api = factory();
  if (typeof module === 'object' && module.exports) module.exports = api;  // Node: the shared-case test
  else root.atlasCalculator = api;
}(typeof self !== 'undefined' ? self : this, function () {
  'use strict';

  var MAX_TERMS = 100000;
  var ARITY = { min: [1, null], max: [1, null], abs: [1, 1], ceil: [1, 1], floor: [1, 1], round: [1, 2],
                pow: [2, 2], sqrt: [1, 1], log: [1, 1], log10: [1, 1], log2: [1, 1], exp: [1, 1],
                erlang_c: [2, 2], 'if': [3, 3], sum: [4, 4] };
  var BINARY = { '<': 1, '<=': 1, '>': 1, '>=': 1, '==': 1, '!=': 1, '+': 2, '-': 2, '*': 3, '/': 3, '%': 3, '^': 5 };
  var TOKEN = /\s*(?:(\d+(?:\.\d*)?(?:[eE][+-]?\d+)?|\.\d+(?:[eE][+-]?\d+)?)|([A-Za-z_]\w*)|(<=|>=|==|!=|[-+*/%^(),<>]))/y;

  function CalculatorError(message) {
    this.name = 'CalculatorError';
    this.message = message;
  }
  CalculatorError.prototype = Object.create(Error.prototype);

  function fail(message) { throw new CalculatorError(message); }
  function quote(s) { return "'" + s + "'"; }

  function tokens(text) {
    var out = [], pos = 0, m;
    text = text.replace(/\s+$/, '');
    while (pos < text.length) {
      TOKEN.lastIndex = pos;
      m = TOKEN.exec(text);
      if (!m) fail('unexpected ' + quote(text.slice(pos).trim().charAt(0)) + ' at character ' + (pos + 1) + ' of ' + quote(text));
      if (m[1] !== undefined) out.push(['num', m[1]]);
      else if (m[2] !== undefined) out.push(['name', m[2]]);
      else out.push(['op', m[3]]);
      pos = TOKEN.lastIndex;
    }
    return out;
  }

  function parse(text) {
    text = String(text);
    var toks = tokens(text), i = 0;
    function peek() { return i < toks.length ? toks[i] : ['end', '']; }
    function is(kind, value) { var t = peek(); return t[0] === kind && t[1] === value; }
    function found(t) { return t[0] === 'end' ? 'the end' : quote(t[1]); }
    function expect(value) {
      if (!is('op', value)) fail('expected ' + quote(value) + ' but found ' + found(peek()) + ' in ' + quote(text));
      i++;
    }
    function expr(minPrec) {
      var left = unary();
      for (;;) {
        var t = peek();
        var prec = t[0] === 'op' ? BINARY[t[1]] : undefined;
        if (prec === undefined || prec < minPrec) return left;
        i++;
        left = [t[1], left, expr(t[1] === '^' ? prec : prec + 1)];
      }
    }
    function unary() {
      if (is('op', '-')) { i++; return ['neg', expr(4)]; }
      if (is('op', '+')) { i++; return expr(4); }
      return atom();
    }
    function atom() {
      var t = peek();
      if (t[0] === 'num') { i++; return ['num', parseFloat(t[1])]; }
      if (t[0] === 'name') {
        i++;
        if (is('op', '(')) {
          i++;
          var args = [];
          if (!is('op', ')')) {
            args.push(expr(0));
            while (is('op', ',')) { i++; args.push(expr(0)); }
          }
          expect(')');
          return call(t[1], args);
        }
        return ['name', t[1]];
      }
      if (is('op', '(')) { i++; var node = expr(0); expect(')'); return node; }
      fail("expected a number, a name or '(' but found " + found(t) + ' in ' + quote(text));
    }
    function call(fname, args) {
      if (!Object.prototype.hasOwnProperty.call(ARITY, fname)) {
        fail('unknown function ' + quote(fname) + ' (known: ' + Object.keys(ARITY).sort().join(', ') + ')');
      }
      var low = ARITY[fname][0], high = ARITY[fname][1];
      if (args.length < low || (high !== null && args.length > high)) {
        var count = low === high ? String(low) : high ? low + ' to ' + high : 'at least ' + low;
        fail(fname + '() takes ' + count + ' argument(s), got ' + args.length);
      }
      if (fname === 'sum' && args[0][0] !== 'name') fail('sum(k, from, to, expression): k must be a name');
      return ['call', fname, args];
    }
    if (!toks.length) fail('empty formula');
    var tree = expr(0);
    if (peek()[0] !== 'end') fail('unexpected ' + quote(peek()[1]) + ' in ' + quote(text));
    return tree;
  }

  function finite(value, what) {
    if (typeof value !== 'number' || !isFinite(value)) fail(what + ' is not a finite number');
    return value;
  }

  function erlangC(servers, traffic) {
    if (servers !== Math.floor(servers) || servers < 1) fail('erlang_c: servers must be a whole number >= 1, got ' + servers);
    if (traffic < 0) fail('erlang_c: traffic must be >= 0, got ' + traffic);
    if (traffic >= servers) return 1;
    var b = 1;
    for (var k = 1; k <= servers; k++) b = traffic * b / (k + traffic * b);
    return b / (1 - (traffic / servers) * (1 - b));
  }

  function roundHalfUp(x, digits) {  // half away from zero, as atlas.calculator rounds
    var factor = Math.pow(10, digits);
    var rounded = Math.floor(Math.abs(x) * factor + 0.5);
    return (x < 0 ? -1 : 1) * rounded / factor;
  }

  function evaluate(node, env) {
    var kind = node[0];
    if (kind === 'num') return node[1];
    if (kind === 'name') {
      if (!Object.prototype.hasOwnProperty.call(env, node[1])) fail('unknown name ' + quote(node[1]));
      return env[node[1]];
    }
    if (kind === 'neg') return -evaluate(node[1], env);
    if (kind === 'call') return callFn(node[1], node[2], env);
    var a = evaluate(node[1], env), b = evaluate(node[2], env);
    switch (kind) {
      case '+': return finite(a + b, 'the result');
      case '-': return finite(a - b, 'the result');
      case '*': return finite(a * b, 'the result');
      case '/': if (b === 0) fail('division by zero'); return finite(a / b, 'a quotient');
      case '%': if (b === 0) fail('division by zero'); return a % b;
      case '^':
        if (a === 0 && b < 0) fail('division by zero');
        if (a < 0 && b !== Math.floor(b)) fail('a negative number to a fractional power');
        return finite(Math.pow(a, b), 'a power');
      case '<': return a < b ? 1 : 0;
      case '<=': return a <= b ? 1 : 0;
      case '>': return a > b ? 1 : 0;
      case '>=': return a >= b ? 1 : 0;
      case '==': return a === b ? 1 : 0;
      case '!=': return a !== b ? 1 : 0;
    }
    fail('unknown operator ' + quote(kind));
  }

  function callFn(fname, args, env) {
    if (fname === 'if') return evaluate(args[0], env) !== 0 ? evaluate(args[1], env) : evaluate(args[2], env);
    if (fname === 'sum') {
      var counter = args[0][1], start = evaluate(args[1], env), stop = evaluate(args[2], env);
      if (start !== Math.floor(start) || stop !== Math.floor(stop)) fail('sum(): from and to must be whole numbers');
      if (stop - start + 1 > MAX_TERMS) fail('sum(): more than 100,000 terms');
      var inner = Object.assign({}, env), total = 0;
      for (var k = start; k <= stop; k++) { inner[counter] = k; total += evaluate(args[3], inner); }
      return finite(total, 'sum()');
    }
    var xs = args.map(function (a) { return evaluate(a, env); });
    switch (fname) {
      case 'min': return Math.min.apply(null, xs);
      case 'max': return Math.max.apply(null, xs);
      case 'abs': return Math.abs(xs[0]);
      case 'ceil': return Math.ceil(xs[0]);
      case 'floor': return Math.floor(xs[0]);
      case 'round': return roundHalfUp(xs[0], xs.length > 1 ? Math.trunc(xs[1]) : 0);
      case 'pow': return evaluate(['^', ['num', xs[0]], ['num', xs[1]]], {});
      case 'sqrt': if (xs[0] < 0) fail('sqrt() of a negative number'); return Math.sqrt(xs[0]);
      case 'log': if (xs[0] <= 0) fail('log() of a number that is not positive'); return Math.log(xs[0]);
      case 'log10': if (xs[0] <= 0) fail('log10() of a number that is not positive'); return Math.log10(xs[0]);
      case 'log2': if (xs[0] <= 0) fail('log2() of a number that is not positive'); return Math.log2(xs[0]);
      case 'exp': return finite(Math.exp(xs[0]), 'exp()');
      case 'erlang_c': return erlangC(xs[0], xs[1]);
    }
    fail('unknown function ' + quote(fname));
  }

  // Every output at `values` (default: the inputs' defaults); an output may use the ones above it.
  function run(calculator, values) {
    var env = {}, results = {};
    (calculator.inputs || []).forEach(function (spec) {
      env[spec.name] = values && Object.prototype.hasOwnProperty.call(values, spec.name) ? Number(values[spec.name]) : Number(spec['default']);
    });
    (calculator.outputs || []).forEach(function (spec) {
      var value;
      try { value = evaluate(parse(spec.formula), env); } catch (e) {
        if (e instanceof CalculatorError) fail('output ' + quote(spec.name) + ': ' + e.message);
        throw e;
      }
      env[spec.name] = results[spec.name] = value;
    });
    return results;
  }

  // --- the form ------------------------------------------------------------------------------------

  function format(value, spec) {
    var decimals = spec.decimals;
    if (decimals === undefined || decimals === null) {
      var size = Math.abs(value);
      decimals = size >= 100 ? 0 : size >= 1 ? 2 : 4;
    }
    return roundHalfUp(value, decimals).toLocaleString('en-US', { maximumFractionDigits: decimals });
  }

  function el(tag, className, text) {
    var e = document.createElement(tag);
    if (className) e.className = className;
    if (text !== undefined) e.textContent = text;
    return e;
  }

  function render(block) {
    if (block.getAttribute('data-ready')) return;
    var model;
    try { model = JSON.parse(block.getAttribute('data-calculator')); } catch (e) { return; }
    var id = block.id || ('atlas-calculator-' + Math.random().toString(36).slice(2, 8));
    var form = el('form', 'atlas-calculator__form');
    form.setAttribute('novalidate', '');
    form.addEventListener('submit', function (e) { e.preventDefault(); });
    var inputs = el('fieldset', 'atlas-calculator__inputs');
    inputs.appendChild(el('legend', null, 'Your numbers'));
    var fields = {};
    model.inputs.forEach(function (spec) {
      var row = el('div', 'atlas-calculator__row');
      var label = el('label', null, spec.label);
      var input = el('input');
      input.type = 'number';
      input.id = id + '-' + spec.name;
      input.name = spec.name;
      input.value = spec['default'];
      ['min', 'max', 'step'].forEach(function (k) { if (spec[k] !== undefined && spec[k] !== null) input.setAttribute(k, spec[k]); });
      input.setAttribute('inputmode', 'decimal');
      label.setAttribute('for', input.id);
      var message = el('span', 'atlas-calculator__message');
      message.id = input.id + '-message';
      message.setAttribute('aria-live', 'polite');
      input.setAttribute('aria-describedby', message.id);
      row.appendChild(label);
      row.appendChild(input);
      if (spec.unit) row.appendChild(el('span', 'atlas-calculator__unit', spec.unit));
      row.appendChild(message);
      inputs.appendChild(row);
      fields[spec.name] = { spec: spec, input: input, message: message };
    });
    var outputs = el('div', 'atlas-calculator__outputs');
    outputs.setAttribute('aria-live', 'polite');
    var shown = {};
    model.outputs.forEach(function (spec) {
      var row = el('div', 'atlas-calculator__row atlas-calculator__result');
      row.appendChild(el('span', 'atlas-calculator__label', spec.label));
      var out = el('output', 'atlas-calculator__value');
      out.setAttribute('data-name', spec.name);
      out.setAttribute('for', model.inputs.map(function (s) { return id + '-' + s.name; }).join(' '));
      row.appendChild(out);
      if (spec.unit) row.appendChild(el('span', 'atlas-calculator__unit', spec.unit));
      outputs.appendChild(row);
      shown[spec.name] = out;
    });
    var status = el('p', 'atlas-calculator__status');
    status.setAttribute('role', 'status');
    var reset = el('button', 'atlas-calculator__reset md-button', 'Back to the worked example');
    reset.type = 'button';

    function update() {
      var values = {}, bad = [];
      Object.keys(fields).forEach(function (name) {
        var f = fields[name], raw = f.input.value.trim(), v = Number(raw), s = f.spec;
        var problem = raw === '' || !isFinite(v) ? 'enter a number'
          : (s.min !== undefined && s.min !== null && v < s.min) || (s.max !== undefined && s.max !== null && v > s.max)
            ? 'between ' + s.min.toLocaleString('en-US') + ' and ' + s.max.toLocaleString('en-US') + (s.unit ? ' ' + s.unit : '')
            : '';
        f.message.textContent = problem ? problem.charAt(0).toUpperCase() + problem.slice(1) : '';
        f.input.setAttribute('aria-invalid', problem ? 'true' : 'false');
        if (problem) bad.push(s.label); else values[name] = v;
      });
      var results = null, error = '';
      if (!bad.length) {
        try { results = run(model, values); } catch (e) { error = e.message; }
      }
      Object.keys(shown).forEach(function (name) {
        var spec = model.outputs.filter(function (o) { return o.name === name; })[0];
        shown[name].textContent = results ? format(results[name], spec) : '—';
        if (results) shown[name].setAttribute('data-value', String(results[name]));
        else shown[name].removeAttribute('data-value');
      });
      status.textContent = bad.length ? 'Out of range: ' + bad.join(', ') + '. The model is only stated within these bounds.'
        : error ? 'No result for these numbers: ' + error + '.' : '';
      block.setAttribute('data-state', bad.length ? 'out-of-range' : error ? 'error' : 'ok');
    }

    form.addEventListener('input', update);
    reset.addEventListener('click', function () {
      Object.keys(fields).forEach(function (name) { fields[name].input.value = fields[name].spec['default']; });
      update();
    });
    form.appendChild(inputs);
    form.appendChild(outputs);
    form.appendChild(status);
    form.appendChild(reset);
    block.appendChild(form);
    block.setAttribute('data-ready', 'true');
    update();
  }

  function renderAll() {
    if (typeof document === 'undefined') return;
    Array.prototype.forEach.call(document.querySelectorAll('.atlas-calculator[data-calculator]'), render);
  }

  if (typeof document !== 'undefined') {
    if (typeof window !== 'undefined' && window.document$ && window.document$.subscribe) {
      window.document$.subscribe(renderAll);  // Material's instant navigation
    } else if (document.readyState === 'loading') {
      document.addEventListener('DOMContentLoaded', renderAll);
    } else {
      renderAll();
    }
  }

  return { parse: parse, evaluate: evaluate, run: run, erlangC: erlangC, format: format, CalculatorError: CalculatorError };
}));
