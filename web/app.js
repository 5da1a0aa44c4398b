// The routing page's main thread: talks to the router worker, draws the probability bars, zoos, examples and new models.
import { checkAptitude, parseAptitudeCsv, parseAptitudeJson, parseAptitudeText } from './aptitude_input.js';

const ALL_MODELS = '';
const DEBOUNCE_MS = 120;
const TIMING_WINDOW = 25;

const $ = (id) => document.getElementById(id);
const state = {
  info: null,           // the loaded router: {format_version, tasks, models: [{name, cost, aptitude}], zoos}
  modelName: '',
  added: [],            // models added on this page: [{name, aptitude}]
  examples: [],         // [{text, category, correct: {model: bool}}]
  timings: [],          // the last decisions' ms, measured in the worker
  routeSeq: 0,
  pending: new Map(),   // message id -> {resolve, reject}
  nextId: 1,
  debounce: null,
};

const worker = new Worker('worker.js');
worker.onmessage = (event) => {
  const message = event.data;
  const waiter = state.pending.get(message.id);
  if (!waiter) return;
  state.pending.delete(message.id);
  if (message.type === 'error') waiter.reject(Object.assign(new Error(message.message), message));
  else waiter.resolve(message);
};
worker.onerror = (event) => showError('router worker: ' + (event.message || 'failed to start'));

function ask(message, transfer = []) {
  const id = state.nextId++;
  return new Promise((resolve, reject) => {
    state.pending.set(id, { resolve, reject });
    worker.postMessage(Object.assign({ id }, message), transfer);
  });
}

function setPageState(name) { document.body.dataset.state = name; }

function showError(text) {
  const box = $('error');
  box.textContent = text;
  box.hidden = false;
  setPageState('error');
}

function clearError() {
  $('error').hidden = true;
  $('error').textContent = '';
}

// ---- the router ----

async function loadRouter(message, label, transfer) {
  setPageState('loading');
  $('model-status').textContent = 'Loading ' + label + '…';
  try {
    const loaded = await ask(message, transfer);
    state.info = loaded.info;
    state.modelName = label;
    const kept = state.added.filter((model) => model.aptitude.length === loaded.info.tasks.length);
    const dropped = state.added.length - kept.length;
    state.added = kept;
    clearError();
    describeRouter(loaded.ms, dropped);
    fillZoos();
    fillTasks();
    renderAdded();
    $('instruction').disabled = false;
    $('add-button').disabled = false;
    setPageState('ready');
    scheduleRoute(0);
  } catch (error) {
    showError(error.message + (error.keptPrevious ? '\nThe previous router is still loaded.' : ''));
    if (state.info) describeRouter(null, 0);
    else $('model-status').textContent = 'No router loaded.';
  }
}

function describeRouter(ms, dropped) {
  const info = state.info;
  const zoos = Object.keys(info.zoos || {}).length;
  let text = state.modelName + ': format ' + info.format_version + ', ' + info.tasks.length + ' aptitude tasks, ' +
      info.models.length + ' models, ' + zoos + ' zoo' + (zoos === 1 ? '' : 's');
  if (ms !== null) text += '; loaded in ' + ms.toFixed(1) + ' ms';
  if (dropped > 0) text += '; ' + dropped + ' added model(s) removed (their aptitude results have another length)';
  $('model-status').textContent = text + '.';
  $('task-count').textContent = String(info.tasks.length);
}

function fillZoos() {
  const select = $('zoo');
  const previous = select.value;
  select.replaceChildren(new Option('every model in the router file (' + state.info.models.length + ')', ALL_MODELS));
  for (const [name, members] of Object.entries(state.info.zoos || {})) {
    select.add(new Option('zoo "' + name + '" (' + members.length + ' models)', name));
  }
  if ([...select.options].some((option) => option.value === previous)) select.value = previous;
  select.disabled = false;
}

function fillTasks() {
  $('task-list').replaceChildren(...state.info.tasks.map((task) => {
    const item = document.createElement('li');
    item.textContent = task;
    return item;
  }));
}

function candidates() {
  const zoo = $('zoo').value;
  const byName = new Map(state.info.models.map((model) => [model.name, model]));
  const members = zoo === ALL_MODELS ? state.info.models : state.info.zoos[zoo].map((name) => byName.get(name));
  return members.map((model) => ({ name: model.name, aptitude: model.aptitude, added: false }))
      .concat(state.added.map((model) => ({ name: model.name, aptitude: model.aptitude, added: true })));
}

// ---- routing ----

function scheduleRoute(delay = DEBOUNCE_MS) {
  clearTimeout(state.debounce);
  state.debounce = setTimeout(route, delay);
}

async function route() {
  if (!state.info) return;
  const instruction = $('instruction').value;
  if (instruction.trim() === '') {
    $('bars').replaceChildren();
    $('bars').dataset.instruction = '';
    $('decision').textContent = 'Type an instruction to route it.';
    $('timing').textContent = '';
    return;
  }
  const list = candidates();
  const seq = ++state.routeSeq;
  setPageState('routing');
  try {
    // The file's models go by name (the runtime reads their aptitude results from the file, with no JSON numbers to
    // parse); added models carry theirs.
    const request = list.map((model) => (model.added ? { name: model.name, aptitude: model.aptitude } : model.name));
    const answer = await ask({ type: 'route', instruction, candidates: request });
    if (seq !== state.routeSeq) return;  // a newer instruction is on its way
    clearError();
    state.timings = state.timings.concat([answer.ms]).slice(-TIMING_WINDOW);
    render(list, answer.result, instruction, answer.ms);
    setPageState('routed');
  } catch (error) {
    if (seq === state.routeSeq) showError(error.message);
  }
}

function currentExample(instruction) {
  const index = $('example').value;
  if (index === '') return null;
  const example = state.examples[Number(index)];
  return example && example.text === instruction ? example : null;
}

function render(list, result, instruction, ms) {
  const example = currentExample(instruction);
  const bars = list.map((candidate, index) => {
    const probability = result.probabilities[index];
    const chosen = index === result.choice;
    const item = document.createElement('li');
    item.className = 'bar' + (chosen ? ' chosen' : '');
    item.dataset.model = candidate.name;
    item.dataset.probability = String(probability);
    if (chosen) item.setAttribute('aria-current', 'true');

    const name = document.createElement('span');
    name.className = 'name';
    name.textContent = candidate.name;
    if (candidate.added) name.append(tag('added'));
    if (chosen) name.append(tag('chosen'));

    const track = document.createElement('span');
    track.className = 'track';
    track.setAttribute('role', 'img');
    track.setAttribute('aria-label', (probability * 100).toFixed(1) + ' percent');
    const fill = document.createElement('span');
    fill.className = 'fill';
    fill.style.display = 'block';
    fill.style.width = (probability * 100).toFixed(2) + '%';
    track.append(fill);

    const value = document.createElement('span');
    value.className = 'value';
    value.textContent = (probability * 100).toFixed(1) + '%';

    item.append(name, track, value, mark(example, candidate.name));
    return item;
  });
  $('bars').replaceChildren(...bars);
  $('bars').dataset.instruction = instruction;
  $('bars').dataset.choice = list[result.choice].name;

  const chosenName = list[result.choice].name;
  let decision = 'Chosen: ' + chosenName + ' (' + (result.probabilities[result.choice] * 100).toFixed(1) + '%).';
  if (example) {
    const known = list.filter((candidate) => candidate.name in example.correct);
    const right = known.filter((candidate) => example.correct[candidate.name]);
    if (chosenName in example.correct) {
      decision += ' It ' + (example.correct[chosenName] ? 'really answered this correctly' : 'really got this wrong') + '.';
    }
    decision += ' ' + right.length + ' of ' + known.length + ' candidates with recorded answers got it right.';
  }
  $('decision').textContent = decision;
  const sorted = state.timings.slice().sort((a, b) => a - b);
  const median = sorted[Math.floor(sorted.length / 2)];
  $('timing').textContent = 'Decision in ' + ms.toFixed(2) + ' ms, measured in the worker (median of the last ' +
      sorted.length + ': ' + median.toFixed(2) + ' ms); ' + result.instruction_tokens + ' instruction tokens' +
      (result.truncated ? ', cut to fit the router' : '') + '.';
  $('timing').dataset.ms = String(ms);
}

function tag(text) {
  const span = document.createElement('span');
  span.className = 'tag';
  span.textContent = '(' + text + ')';
  return span;
}

function mark(example, modelName) {
  const span = document.createElement('span');
  span.className = 'mark';
  if (!example || !(modelName in example.correct)) return span;
  const right = Boolean(example.correct[modelName]);
  span.classList.add(right ? 'right' : 'wrong');
  span.textContent = right ? '✓' : '✗';
  span.title = right ? 'answered correctly' : 'answered incorrectly';
  span.setAttribute('aria-label', span.title);
  return span;
}

// ---- dataset examples ----

async function loadExamples() {
  let response;
  try {
    response = await fetch('examples.json');
  } catch (error) {
    return;
  }
  if (!response.ok) return;  // a router without examples: the picker stays hidden
  let file;
  try {
    file = await response.json();
    state.examples = normaliseExamples(file);
  } catch (error) {
    showError('examples.json: ' + error.message);
    return;
  }
  const dataset = datasetName(file.dataset);
  const select = $('example');
  select.replaceChildren(new Option('(type your own)', ''));
  state.examples.forEach((example, index) => {
    const preview = example.text.replace(/\s+/g, ' ').slice(0, 80);
    select.add(new Option('[' + example.category + '] ' + preview, String(index)));
  });
  $('example-row').hidden = false;
  $('example-note').hidden = false;
  $('example-label').textContent = 'Test question from ' + dataset;
  $('example-note').textContent = state.examples.length + ' questions of the test split of ' + dataset + ' (never ' +
      'used in training); ✓ and ✗ show which models really answered each correctly.';
}

/** examples.json of `modelsat export --examples N`: {"dataset", "split", "questions": [{id, text, category,
 *  correct: {model: true | false | null}}]}; null (no recorded answer) is left out. */
function normaliseExamples(value) {
  if (!value || !Array.isArray(value.questions)) throw new Error('no "questions" array (expected {"questions": [...]})');
  return value.questions.map((question, index) => {
    if (typeof question.text !== 'string') throw new Error('#/questions/' + index + '/text: not a string');
    const correct = {};
    for (const [model, right] of Object.entries(question.correct || {})) {
      if (typeof right === 'boolean') correct[model] = right;
    }
    return { text: question.text, category: String(question.category ?? ''), correct };
  });
}

/** "mmlu-pro" for "experiments/data/mmlu-pro". */
function datasetName(path) {
  const parts = String(path || 'the dataset').split('/').filter((part) => part.length > 0);
  return parts[parts.length - 1];
}

// ---- adding a model ----

async function readUpload(file) {
  const text = await file.text();
  if (/\.csv$/i.test(file.name)) return parseAptitudeCsv(text, file.name);
  return parseAptitudeJson(text, file.name);
}

async function addModel(event) {
  event.preventDefault();
  try {
    let name = $('new-name').value.trim();
    let aptitude;
    const file = $('new-file').files[0];
    if (file) {
      const upload = await readUpload(file);
      aptitude = upload.aptitude;
      if (name === '' && upload.name) name = upload.name;
    } else {
      aptitude = parseAptitudeText($('new-aptitude').value, 'aptitude results');
    }
    if (name === '') throw new Error('model name: empty (expected a name for the new model)');
    const taken = state.info.models.concat(state.added).some((model) => model.name === name);
    if (taken) throw new Error('model name: "' + name + '" is already a candidate (expected a new name)');
    checkAptitude(aptitude, state.info.tasks.length, name);
    state.added.push({ name, aptitude });
    $('add-form').reset();
    clearError();
    renderAdded();
    scheduleRoute(0);
  } catch (error) {
    showError(error.message);
  }
}

function renderAdded() {
  $('added-models').replaceChildren(...state.added.map((model) => {
    const item = document.createElement('li');
    const mean = model.aptitude.reduce((sum, value) => sum + value, 0) / model.aptitude.length;
    item.textContent = model.name + ' (mean aptitude ' + (mean * 100).toFixed(1) + '%) ';
    const remove = document.createElement('button');
    remove.type = 'button';
    remove.className = 'link';
    remove.textContent = 'remove';
    remove.setAttribute('aria-label', 'remove ' + model.name);
    remove.onclick = () => {
      state.added = state.added.filter((other) => other !== model);
      renderAdded();
      scheduleRoute(0);
    };
    item.append(remove);
    return item;
  }));
}

// ---- wiring ----

$('instruction').addEventListener('input', () => scheduleRoute());
$('zoo').addEventListener('change', () => scheduleRoute(0));
$('example').addEventListener('change', () => {
  const index = $('example').value;
  if (index !== '') $('instruction').value = state.examples[Number(index)].text;
  scheduleRoute(0);
});
$('add-form').addEventListener('submit', addModel);
$('model-file').addEventListener('change', async () => {
  const file = $('model-file').files[0];
  if (!file) return;
  const bytes = await file.arrayBuffer();
  $('model-file').value = '';  // choosing the same file again is a new change
  await loadRouter({ type: 'load', bytes, name: file.name }, file.name, [bytes]);
});

setPageState('loading');
loadRouter({ type: 'load', url: 'model.msq' }, 'model.msq');
loadExamples();
