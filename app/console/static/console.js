// The control plane page: each form marked data-api sends its fields to the /_dev API as JSON
// (number inputs as numbers, blank fields left out), then shows the page again; a refusal is shown
// in the status line instead.
"use strict";

function body(form) {
  const fields = {};
  for (const input of form.querySelectorAll("input[name], select[name]")) {
    if (input.value === "") continue;
    fields[input.name] = input.type === "number" ? Number(input.value) : input.value;
  }
  return fields;
}

function target(form, fields) {
  // "{name}" in data-api is filled from the field of that name, which then stays out of the body.
  return form.dataset.api.replace(/\{(\w+)\}/g, (_, name) => {
    const value = fields[name] || "";
    delete fields[name];
    return encodeURIComponent(value);
  });
}

function refusal(answer, text) {
  try {
    const parsed = JSON.parse(text);
    const error = parsed.error || parsed;
    if (error.message) return `${answer.status}: ${error.message}`;
    if (parsed.form) return `${answer.status}: ${JSON.stringify(parsed.form)}`;
  } catch (ignored) { /* not JSON: show the status alone */ }
  return `${answer.status} ${answer.statusText}`;
}

async function send(event) {
  event.preventDefault();
  const form = event.currentTarget;
  if (form.dataset.confirm && !window.confirm(form.dataset.confirm)) return;
  const status = document.getElementById("status");
  const fields = body(form);
  const url = target(form, fields);
  const method = form.dataset.method;
  const init = {method, headers: {Accept: "application/json"}};
  if (method !== "DELETE" && method !== "GET") {
    init.headers["Content-Type"] = "application/json";
    init.body = JSON.stringify(fields);
  }
  status.textContent = `${method} ${url} …`;
  status.className = "";
  let answer;
  try {
    answer = await fetch(url, init);
  } catch (failure) {
    status.textContent = `${method} ${url} did not reach the stand-in: ${failure.message}`;
    status.className = "refused";
    return;
  }
  if (answer.ok) {
    sessionStorage.setItem("console-status", `${method} ${url}: ${answer.status}`);
    // a form may lead elsewhere once done (the sandbox this page showed is gone)
    if (form.dataset.after) window.location.assign(form.dataset.after);
    else window.location.reload();
    return;
  }
  status.textContent = `${method} ${url} refused, ${refusal(answer, await answer.text())}`;
  status.className = "refused";
}

document.addEventListener("DOMContentLoaded", () => {
  const status = document.getElementById("status");
  status.textContent = sessionStorage.getItem("console-status") || "";
  sessionStorage.removeItem("console-status");
  for (const form of document.querySelectorAll("form[data-api]")) form.addEventListener("submit", send);
  document.body.dataset.ready = "true";
});
