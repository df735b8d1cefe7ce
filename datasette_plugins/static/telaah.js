/* Copy buttons: <button data-copy-target="ID"> copies the text of element ID to the
   clipboard, falling back to selecting it for Ctrl+C where the Clipboard API is
   unavailable (plain http on another host). */
document.addEventListener("click", async (event) => {
  const button = event.target.closest("[data-copy-target]");
  if (!button) return;
  const source = document.getElementById(button.dataset.copyTarget);
  if (!source) return;
  const text = source.value !== undefined ? source.value : source.textContent;
  const status = document.getElementById(button.dataset.copyTarget + "-status");
  try {
    await navigator.clipboard.writeText(text);
    if (status) status.textContent = "Copied.";
  } catch (err) {
    const area = document.createElement("textarea");
    area.value = text;
    document.body.appendChild(area);
    area.select();
    const ok = document.execCommand && document.execCommand("copy");
    area.remove();
    if (status) status.textContent = ok ? "Copied." : "Select the text and press Ctrl+C.";
  }
});
