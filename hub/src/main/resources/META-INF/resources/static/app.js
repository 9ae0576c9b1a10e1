// Live updates for the runs table and the run page, from the hub's server-sent events. Values are set with
// textContent only, so nothing a task carries is ever parsed as HTML.
'use strict';

function setField(container, field, value) {
  const element = container.querySelector('[data-field="' + field + '"]');
  if (!element) {
    return;
  }
  if (field === 'progress') {
    element.value = value;
    element.textContent = value + '%';
  } else if (field === 'state') {
    element.textContent = value;
    element.className = 'state state-' + value;
  } else {
    element.textContent = value;
  }
}

function cell(row, child) {
  const td = document.createElement('td');
  if (child) {
    td.appendChild(child);
  }
  row.appendChild(td);
  return td;
}

function span(field, className) {
  const element = document.createElement('span');
  element.dataset.field = field;
  if (className) {
    element.className = className;
  }
  return element;
}

function newRow(run) {
  const row = document.createElement('tr');
  row.dataset.id = run.id;
  const link = document.createElement('a');
  link.href = '/ui/tasks/' + encodeURIComponent(run.id);
  link.textContent = run.shortId;
  cell(row, link);
  cell(row).textContent = run.type;
  cell(row).textContent = run.dataSource;
  cell(row, span('state'));
  const progress = document.createElement('progress');
  progress.max = 100;
  progress.dataset.field = 'progress';
  const progressCell = cell(row, progress);
  progressCell.append(' ');
  progressCell.appendChild(span('phase'));
  const errorCell = cell(row, span('errorCode', 'error-code'));
  errorCell.append(' ');
  errorCell.appendChild(span('errorMessage'));
  const time = document.createElement('time');
  time.textContent = run.createdAt;
  cell(row, time);
  return row;
}

function update(container, run) {
  setField(container, 'state', run.state);
  setField(container, 'progress', run.percent);
  setField(container, 'phase', run.phase);
  setField(container, 'errorCode', run.errorCode);
  setField(container, 'errorMessage', run.errorMessage);
  setField(container, 'updatedAt', run.updatedAt);
}

function onRunsTable(table, run) {
  const body = table.tBodies[0];
  let row = Array.from(body.rows).find((r) => r.dataset.id === run.id);
  if (!row) {
    row = newRow(run);
    body.insertBefore(row, body.firstChild);
    const empty = document.getElementById('no-runs');
    if (empty) {
      empty.remove();
    }
  }
  update(row, run);
}

function onRunPage(list, run) {
  const before = list.querySelector('[data-field="state"]').textContent;
  update(list, run);
  const timeline = document.getElementById('timeline');
  if (timeline && before !== run.state) {
    const item = document.createElement('li');
    const time = document.createElement('time');
    time.textContent = run.updatedAt;
    const state = document.createElement('span');
    state.className = 'state state-' + run.state;
    state.textContent = run.state;
    item.append(time, ' ', state);
    timeline.appendChild(item);
  }
}

document.addEventListener('DOMContentLoaded', () => {
  document.querySelectorAll('[data-stream]').forEach((element) => {
    const source = new EventSource(element.dataset.stream);
    let interrupted = false;
    // the browser reconnects by itself; what changed meanwhile is only on the server, so reload once back
    source.onerror = () => {
      interrupted = true;
    };
    source.onopen = () => {
      if (interrupted) {
        window.location.reload();
      }
    };
    source.onmessage = (message) => {
      const run = JSON.parse(message.data);
      if (element.tagName === 'TABLE') {
        onRunsTable(element, run);
      } else {
        onRunPage(element, run);
      }
    };
  });
});

// The new-data-source form shows only the fields of the chosen kind; hidden fields are disabled, so not sent.
document.addEventListener('DOMContentLoaded', () => {
  const kind = document.getElementById('source-kind');
  if (!kind) {
    return;
  }
  const show = () => {
    kind.form.querySelectorAll('fieldset[data-kind]').forEach((fieldset) => {
      const hidden = !fieldset.dataset.kind.split(' ').includes(kind.value);
      fieldset.hidden = hidden;
      fieldset.disabled = hidden;
    });
  };
  kind.addEventListener('change', show);
  show();
});
