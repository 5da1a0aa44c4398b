// Reads a new model's aptitude results from typed text, a JSON file or a CSV file, with messages that say what is wrong.

/** Numbers separated by commas, semicolons or white space. Throws Error naming the first bad token. */
export function parseAptitudeText(text, where) {
  const tokens = text.split(/[\s,;]+/).filter((token) => token.length > 0);
  return tokens.map((token, index) => {
    const value = Number(token);
    if (!Number.isFinite(value)) {
      throw new Error(where + ': value ' + (index + 1) + ' is not a number (expected an accuracy in [0, 1], got "' +
                      token + '")');
    }
    return value;
  });
}

/**
 * A JSON upload: an array of numbers, {"aptitude": [...], "name"?: "..."}, or the output of
 * `modelsat aptitude score --json` ({"tasks", "vector", "text"}). Returns {name?, aptitude}.
 */
export function parseAptitudeJson(text, where) {
  let value;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new Error(where + ': not JSON (' + error.message + ')');
  }
  if (Array.isArray(value)) return { aptitude: numbersOf(value, where) };
  if (value && typeof value === 'object') {
    const known = ['name', 'aptitude', 'cost', 'tasks', 'vector', 'text'];
    const unknown = Object.keys(value).filter((key) => !known.includes(key));
    if (unknown.length > 0) {
      throw new Error(where + ': unknown key "' + unknown[0] + '" (expected aptitude and name, or the output of ' +
                      '`modelsat aptitude score --json`)');
    }
    const list = value.aptitude !== undefined ? value.aptitude : value.vector;
    const key = value.aptitude !== undefined ? 'aptitude' : 'vector';
    if (!Array.isArray(list)) {
      throw new Error(where + ': no aptitude results (expected an "aptitude" or "vector" array of numbers)');
    }
    const parsed = { aptitude: numbersOf(list, where + '#/' + key) };
    if (typeof value.name === 'string') parsed.name = value.name;
    return parsed;
  }
  throw new Error(where + ': wrong type (expected an array of numbers or an object, got ' + typeof value + ')');
}

/** A CSV upload: one number per row (the last column; a non-numeric first row is a header), or one row of numbers. */
export function parseAptitudeCsv(text, where) {
  const rows = text.split(/\r?\n/).map((row) => row.trim()).filter((row) => row.length > 0);
  if (rows.length === 1) return { aptitude: parseAptitudeText(rows[0], where) };
  const values = [];
  rows.forEach((row, index) => {
    const cells = row.split(/[,;\t]/).map((cell) => cell.trim());
    const value = Number(cells[cells.length - 1]);
    if (!Number.isFinite(value) || cells[cells.length - 1] === '') {
      if (index === 0) return;  // a header row
      throw new Error(where + ':' + (index + 1) + ': not a number in the last column (expected an accuracy in [0, 1], ' +
                      'got "' + cells[cells.length - 1] + '")');
    }
    values.push(value);
  });
  return { aptitude: values };
}

/** Checks the length and range of an aptitude vector; throws Error "<where>: ... (expected X, got Y)". */
export function checkAptitude(aptitude, nTasks, where) {
  if (aptitude.length !== nTasks) {
    throw new Error(where + ': aptitude results of the wrong length (expected ' + nTasks + ', got ' +
                    aptitude.length + ')');
  }
  aptitude.forEach((value, index) => {
    if (!(value >= 0 && value <= 1)) {
      throw new Error(where + ': task ' + (index + 1) + ': out of range (expected an accuracy in [0, 1], got ' +
                      value + ')');
    }
  });
}

function numbersOf(list, where) {
  return list.map((value, index) => {
    if (typeof value !== 'number' || !Number.isFinite(value)) {
      throw new Error(where + '/' + index + ': not a number (expected an accuracy in [0, 1], got ' +
                      JSON.stringify(value) + ')');
    }
    return value;
  });
}
