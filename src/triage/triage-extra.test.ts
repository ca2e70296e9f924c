// A sanity check of generalisation: twenty descriptions written after the engine met its targets
// on the development set, in varied registers, with typos, negations and other people.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { assessUrgency, type TriageLevel } from './triage.ts';

const CASES: readonly { level: TriageLevel; text: string }[] = [
  { level: 'emergency', text: 'Evening. Since tea time there has been an ache across the front of my chest and down my left arm. I had dialysis this afternoon.' },
  { level: 'emergency', text: 'my dad (home haemo) just went all floppy on the sofa and we cant get him to answer us' },
  { level: 'emergency', text: 'Im so breathles i cant lie down, have to sit on the edge of the bed all night' },
  { level: 'emergency', text: 'No pain anywhere, but my heartbeat feels really irregular and slow and I feel weak. I missed Thursday.' },
  { level: 'emergency', text: "My wife's speech went slurred during lunch and her left hand won't grip. She says it's getting better but I'm scared." },
  { level: 'emergency', text: 'There is blood spraying from my graft and I cannot make it stop' },
  { level: 'emergency', text: 'been bringing up blood this evening, feel very lightheaded' },
  { level: 'same-day', text: 'Hiya, the buzzing in my fistula has gone really faint since last night. Not in any pain.' },
  { level: 'same-day', text: 'CAPD patient - bag this morning looked cloudy like dishwater, no fever' },
  { level: 'same-day', text: 'I have a kidney transplant (2021). Since yesterday I have a temp of 38.6 and the transplant feels sore.' },
  { level: 'same-day', text: "Transport never came so I've missed my session today. I'm feeling alright at the moment." },
  { level: 'same-day', text: 'There are big clots in my pee since this morning and it hurts. Not on dialysis.' },
  { level: 'routine', text: 'No chest pain, no breathlessness, no palpitations - my question is about my holiday dialysis booking.' },
  { level: 'routine', text: 'My neighbour on dialysis collapsed at the shops last week and is in hospital. Should I be worried about my own heart?' },
  { level: 'routine', text: "What's the first thing to do if my PD tube gets disconnected? Asking for when I go camping." },
  { level: 'routine', text: 'I had a bleed from my fistula in 2020 that needed stitches, it has been fine ever since. Can I go back to the gym?' },
  { level: 'routine', text: 'i get a bit light headed after dialysis sometimes, it goes after 5 mins sitting down. is that normal?' },
  { level: 'routine', text: "My son had a fit at school today, he's not a kidney patient, I am. Could my tablets affect him?" },
  { level: 'routine', text: 'Can too much potassium make your heart stop? Just curious after reading a news story.' },
  { level: 'routine', text: 'My ankles are a bit puffy at night like always and fine by morning. Should I cut down salt?' },
];

describe('generalisation sanity check (descriptions not used to build the lexicon)', () => {
  for (const c of CASES) {
    it(`${c.level}: ${c.text}`, () => {
      const result = assessUrgency(c.text);
      assert.equal(result.level, c.level, result.reasons.map((r) => r.code).join(', ') || 'no reasons');
      assert.equal(result.urgent, c.level !== 'routine');
    });
  }
});
