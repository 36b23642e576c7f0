"""The page's own script and style: the delegated click handlers and the CSS (no external assets)."""

CHAT_JS = """
element.addEventListener('click', (event) => {
  const cite = event.target.closest('[data-kind]');
  if (cite && element.contains(cite)) {
    element.querySelectorAll('.adv-active').forEach((node) => node.classList.remove('adv-active'));
    cite.classList.add('adv-active');
    trigger('cite', {turn: Number(cite.dataset.turn), kind: cite.dataset.kind, n: Number(cite.dataset.n)});
    return;
  }
  const starter = event.target.closest('[data-starter]');
  if (starter && element.contains(starter)) trigger('starter', {question: starter.dataset.starter});
});
element.addEventListener('keydown', (event) => {
  const card = event.target.closest('.adv-card');
  if (card && (event.key === 'Enter' || event.key === ' ')) { event.preventDefault(); card.click(); }
});
watch('value', () => {  // bring the newest turn to the top of the scrolling conversation box
  const turns = element.querySelectorAll('.adv-turn');
  if (!turns.length) return;
  const last = turns[turns.length - 1];
  let box = last.parentElement;
  const scrolls = (node) => /(auto|scroll)/.test(getComputedStyle(node).overflowY);
  while (box && box !== document.body && !scrolls(box)) box = box.parentElement;
  if (box && box !== document.body) box.scrollTop += last.getBoundingClientRect().top - box.getBoundingClientRect().top;
});
"""

PANEL_JS = """
const reveal = () => {
  const box = element.querySelector('.adv-doc-text');
  const mark = element.querySelector('mark.adv-quote');
  if (!box || !mark) return;
  box.scrollTop = Math.max(0, mark.offsetTop - box.clientHeight / 3);
  const top = element.getBoundingClientRect().top;
  if (top < 0 || top > window.innerHeight * 0.6) element.scrollIntoView({block: 'start'});
};
watch('value', reveal);
"""

CSS = """
.adv-turn { margin: 0 0 1.2em 0; }
.adv-q { font-weight: 600; margin-bottom: .4em; }
.adv-a { white-space: pre-wrap; line-height: 1.7; padding: .6em .8em; border-radius: 8px;
  border-left: 4px solid var(--color-accent); background: var(--background-fill-secondary); }
.adv-a.adv-unanswerable { border-left-color: #d97706; background: rgba(217, 119, 6, .08); }
.adv-badge { display: inline-block; font-size: .85em; font-weight: 600; padding: .1em .6em; border-radius: 999px;
  background: #b45309; color: #fff; margin-bottom: .3em; }
.adv-marker { border: 0; background: none; color: var(--color-accent); font-weight: 600; cursor: pointer;
  padding: 0 1px; font: inherit; }
.adv-cards { display: grid; gap: .5em; margin-top: .4em; }
.adv-cards-title { font-size: .9em; font-weight: 600; margin-top: .7em; }
.adv-card { border: 1px solid var(--border-color-primary); border-radius: 8px; padding: .5em .7em; cursor: pointer;
  font-size: .92em; }
.adv-card:hover, .adv-card:focus, .adv-card.adv-active { border-color: var(--color-accent); outline: none; }
.adv-card-head { font-weight: 600; }
.adv-meta { opacity: .75; font-size: .9em; }
.adv-starters { display: flex; flex-wrap: wrap; gap: .5em; margin-top: .6em; }
.adv-starter { border: 1px solid var(--border-color-primary); border-radius: 999px; padding: .3em .9em;
  background: var(--background-fill-primary); cursor: pointer; font: inherit; }
.adv-doc-text { position: relative; white-space: pre-wrap; line-height: 1.7; max-height: 62vh; overflow-y: auto;
  border: 1px solid var(--border-color-primary); border-radius: 8px; padding: .6em .8em; }
mark.adv-quote { background: #fde047; color: #111; padding: 0 1px; }
.adv-muted { opacity: .7; }
.adv-warn { color: #b45309; }
.adv-table { width: 100%; border-collapse: collapse; font-size: .92em; border: 0 !important; }
.adv-table th, .adv-table td { border: 0 !important; border-bottom: 1px solid var(--border-color-primary) !important;
  padding: .3em .5em; text-align: left; vertical-align: top; }
.adv-status progress { width: 14em; vertical-align: middle; }
#doc-col { position: sticky; top: 8px; align-self: flex-start; }
.adv-match { border: 1px solid var(--border-color-primary); border-radius: 8px; padding: .6em .8em; margin: .5em 0; }
.adv-fit { display: inline-block; font-size: .85em; font-weight: 600; padding: .1em .6em; border-radius: 999px;
  color: #fff; margin-right: .4em; }
.adv-fit-fits { background: #15803d; } .adv-fit-may-fit { background: #b45309; }
.adv-fit-does-not-fit { background: #6b7280; }
.adv-match ul { margin: .3em 0 .3em 1.2em; }
"""
