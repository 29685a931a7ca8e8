// The follow-up form's DOM glue: see src/hooks/use_follow_up_form.rs.
const part = (el, name) => el.querySelector(`[data-fu=${name}]`);
const form_of = (home) => home.querySelector(".follow-up__form");

export function fu_close(home, refocus) {
  const form = form_of(home), action = part(home, "action");
  if (form) form.hidden = true;
  action.setAttribute("aria-expanded", "false");
  if (refocus) action.focus();
}

export const fu_is_open = (home) => form_of(home)?.hidden === false;

export function fu_show(home, id, texts, offered, problem) {
  let form = form_of(home);
  const made = !form;
  if (made) {
    form = document.getElementById("follow-up-form").content.firstElementChild.cloneNode(true);
    part(form, "who").id = "fu-who-" + id;
    part(form, "problem").id = "fu-problem-" + id;
    part(form, "note").setAttribute("aria-describedby", `fu-who-${id} fu-problem-${id}`);
    form.addEventListener("keydown", (e) => {
      if (e.key == "Escape") e.preventDefault(), fu_close(home, true);
    });
    home.append(form);
  }
  const words = texts.split("\n"), choices = offered.split(" "), select = part(form, "status");
  ["note-label", "status-label", "save", "cancel", "problem"].forEach((name, i) => (part(form, name).textContent = words[i]));
  form.setAttribute("aria-label", words[5]);
  [...select.options].forEach((option, i) => {
    option.textContent = words[6 + i];
    option.hidden = option.disabled = !choices.includes(option.value);
  });
  if (!problem || !choices.includes(select.value)) select.value = choices[0];
  form.hidden = false;
  part(home, "action").setAttribute("aria-expanded", "true");
  part(form, "note").focus();
  return made;
}

export const fu_value = (home, name) => part(home, name).value;

export function fu_put(home, name, text, as_value) {
  const el = part(home, name);
  if (as_value) el.value = text;
  else el.textContent = text;
}
