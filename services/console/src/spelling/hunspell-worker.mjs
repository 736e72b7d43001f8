// Worker thread: loads the Russian hunspell dictionary (about 13 s of CPU) off the HTTP thread and checks words.
// Plain JavaScript so the worker runs under node, tsx and vitest alike.
import { parentPort } from 'node:worker_threads';
import nspell from 'nspell';
import dictionary from 'dictionary-ru';

const speller = nspell(dictionary);
parentPort.postMessage({ type: 'ready' });

const maxSuggested = 5;

parentPort.on('message', (message) => {
  const misspellings = [];
  for (const word of message.words) {
    const variants = [word, word.replace(/ё/g, 'е'), word.toLowerCase()];
    if (variants.some((w) => speller.correct(w))) continue;
    misspellings.push({ word, suggestions: misspellings.length < maxSuggested ? speller.suggest(word).slice(0, 3) : [] });
  }
  parentPort.postMessage({ type: 'result', id: message.id, misspellings });
});
