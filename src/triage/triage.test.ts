import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { assessUrgency, explainTriage, type MentionStatus, type TriageLevel } from './triage.ts';
import { CONCEPTS } from './red-flag-concepts.ts';
import { DERIVED, RULES } from './red-flag-rules.ts';

const level = (text: string): TriageLevel => assessUrgency(text).level;
const codes = (text: string): string[] => assessUrgency(text).reasons.map((r) => r.code);
/** Every status the concept was given in the text (a concept may be mentioned several times). */
const statuses = (text: string, concept: string): MentionStatus[] =>
  [...new Set(explainTriage(text).filter((m) => m.concept === concept).map((m) => m.status))];
const expectLevel = (expected: TriageLevel, texts: readonly string[]): void => {
  for (const text of texts) assert.equal(level(text), expected, `${expected} expected for: ${text} (${codes(text).join(', ') || 'no reasons'})`);
};

describe('negation', () => {
  it('negates what follows a cue, through "or" lists, and in several forms', () => {
    assert.deepEqual(statuses('No chest pain.', 'chest-pain'), ['negated']);
    assert.deepEqual(statuses('I have not been breathless or short of breath', 'breathless'), ['negated']);
    assert.deepEqual(statuses('Patient denies fever.', 'fever'), ['negated']);
    assert.deepEqual(statuses('Back from dialysis without any bleeding', 'bleeding'), ['negated']);
    assert.deepEqual(statuses("haven't had palpitations", 'palpitations'), ['negated']);
    assert.deepEqual(statuses('havent had palpitations', 'palpitations'), ['negated']);
    assert.deepEqual(statuses('no fever, shivers or sweats', 'rigors'), ['negated']);
  });
  it('stops at the end of its clause', () => {
    assert.deepEqual(statuses('No fever but my chest feels tight', 'chest-pain'), ['affirmed']);
    assert.deepEqual(statuses('I am not dizzy, my heart is pounding', 'palpitations'), ['affirmed']);
    assert.deepEqual(statuses('No swelling and I have chest pain', 'chest-pain'), ['affirmed']);
    assert.deepEqual(statuses("I don't want to make a fuss. My chest is tight.", 'chest-pain'), ['affirmed']);
    assert.equal(level('No headache at all - but I collapsed an hour ago'), 'emergency');
  });
  it('reads a negation skipped inside a match ("chest is not painful") but not a pressure described instead', () => {
    assert.deepEqual(statuses('My chest is not painful', 'chest-pain'), ['negated']);
    assert.equal(level("It isn't really pain, more like a weight on my chest"), 'emergency');
  });
  it('reads "... is fine" after a sign as negation', () => {
    assert.deepEqual(statuses('Temperature is normal', 'fever'), []);
    assert.deepEqual(statuses('My breathlessness is fine today', 'breathless'), ['negated']);
  });
  it('ignores negations that describe the sign or do not negate it', () => {
    assert.equal(level("I can't breathe"), 'emergency');
    assert.equal(level('The bleeding is not stopping'), 'emergency');
    assert.equal(level("I've never had chest pain like this before"), 'emergency');
    assert.equal(level("I'm not sure if it matters but my face is drooping"), 'emergency');
    assert.equal(level("No, it's still bleeding after 15 minutes of pressure"), 'emergency');
  });
});

describe('other people', () => {
  it('sets aside signs of people who are not the patient', () => {
    assert.deepEqual(statuses("My neighbour's fistula bled all over the bus", 'bleeding'), ['other-person']);
    assert.deepEqual(statuses('A man in my unit collapsed during his session', 'collapse'), ['other-person']);
    assert.deepEqual(statuses('A woman I sit next to said she had a seizure', 'seizure'), ['other-person']);
    assert.deepEqual(statuses('Do people on dialysis get chest pain?', 'chest-pain'), ['other-person']);
    expectLevel('routine', ['My friend from clinic fainted at the bus stop, is that common with dialysis?']);
  });
  it('keeps the patient when a carer writes for them', () => {
    expectLevel('emergency', [
      "I'm writing for my husband who is on dialysis. He collapsed in the kitchen and isn't answering me.",
      'My mum has PD. She has had a fit and now she is very drowsy.',
      'Writing on behalf of my neighbour who is on haemo: he has crushing chest pain.',
      'My dad collapsed this morning.',
    ]);
  });
  it('sets a relative aside when a sentence says they are not the patient, or the writer is the patient and they are not', () => {
    expectLevel('routine', [
      'My son fainted at football. He is not on dialysis, I am. Could it run in families?',
      'My brother, who wants to be my donor, had a seizure years ago. Can he still donate?',
      'My grandson has a temperature of 38.2. Should he stay away while I have my line?',
    ]);
  });
  it('does not treat the writer describing themself as someone else', () => {
    expectLevel('same-day', ['Transplant patient, fever 38.6 since lunch']);
    expectLevel('same-day', ['Everyone would be better off without me. I have no plan and I am safe.']);
  });
});

describe('hypotheticals and questions', () => {
  it('sets aside "what should I do if", "in case", "if ... ever" and general questions', () => {
    assert.deepEqual(statuses('What do I do if my graft starts bleeding at night?', 'bleeding'), ['hypothetical']);
    assert.deepEqual(statuses('In case of chest pain, do I ring 999?', 'chest-pain'), ['hypothetical']);
    assert.deepEqual(statuses('If I ever miss a session, who do I contact?', 'missed-dialysis'), ['hypothetical']);
    assert.deepEqual(statuses('Is it normal to get palpitations on dialysis?', 'palpitations'), ['hypothetical']);
    assert.deepEqual(statuses('Hypothetically, what happens if I get a fever with my line?', 'fever'), ['hypothetical']);
    assert.deepEqual(statuses('How can I avoid getting peritonitis?', 'peritonitis'), ['hypothetical']);
  });
  it('keeps a real conditional and anything said to be happening now', () => {
    expectLevel('emergency', [
      "If I lie flat I can't breathe, should I go to A&E?",
      'Is it normal to have chest pain since this morning?',
      'What should I do if my speech goes funny? It did half an hour ago.',
    ]);
  });
  it('applies a question frame to its own clause only', () => {
    expectLevel('emergency', ['Is it normal to be tired after dialysis, although right now my lips are swelling up']);
  });
  it('sets aside words quoted from a leaflet, a school project or first-aid training', () => {
    assert.deepEqual(statuses("The leaflet talks about 'collapse' and 'seizure', what do they mean?", 'seizure'), ['mention']);
    expectLevel('routine', ['My daughter is doing first aid training about people who collapse on dialysis.']);
  });
});

describe('past and resolved events', () => {
  it('sets aside resolved and long-past events', () => {
    assert.deepEqual(statuses('Fainted in 2019, nothing since.', 'collapse'), ['past']);
    assert.deepEqual(statuses('I had chest pain a few weeks ago, it was investigated and was fine.', 'chest-pain'), ['past']);
    assert.deepEqual(statuses('Two years ago my fistula clotted and they fixed it.', 'thrill-lost'), ['past']);
    assert.deepEqual(statuses('I used to get palpitations as a teenager.', 'palpitations'), ['past']);
    assert.deepEqual(statuses("Since my stroke I can't lift my left arm properly.", 'stroke-sign'), ['past']);
  });
  it('keeps recent and ongoing events', () => {
    expectLevel('emergency', [
      'Chest tightness since this morning',
      'Had a fit twenty minutes ago',
      'I fainted in 2019 and today I collapsed again',
      'Palpitations for the last hour now',
      'My transplant was 2 months ago and now I have a temp of 39 and I am confused',
    ]);
  });
  it('drops a minor sign said to have settled', () => {
    assert.deepEqual(statuses('Had a hypo at 3am, it came up with juice and I am fine now.', 'hypo'), ['past']);
  });
});

describe('blood pressure readings', () => {
  it('reads "190/115" and "190 over 115" as readings, and dates as dates', () => {
    assert.deepEqual(codes('BP 190/115 twice this morning, no symptoms'), ['very-high-bp']);
    assert.deepEqual(codes('my pressure was 200 over 120 at the chemist'), ['very-high-bp']);
    assert.deepEqual(codes('Systolic is 185 today'), ['very-high-bp']);
    expectLevel('routine', ['Appointment on 12/10 please', 'BP 150/95 before dialysis, is that high?', 'My target is below 180/110.']);
  });
  it('makes headache with very high pressure and warning signs an emergency', () => {
    expectLevel('emergency', ['Headache, BP 210/125 and my vision has gone blurry', 'headache and vomiting, BP 190 over 118']);
    expectLevel('same-day', ['BP 195/112, mild headache, otherwise fine']);
  });
});

describe('combination rules', () => {
  it('missed dialysis: same day alone, emergency with symptoms', () => {
    expectLevel('same-day', ['I missed Wednesday dialysis, I feel fine']);
    expectLevel('emergency', ['Missed two sessions and my legs are really swollen', 'skipped dialysis on Friday and now I feel weak and my heart is racing']);
  });
  it('fever: same day with a line, PD or transplant; emergency with sepsis signs; not a flag alone', () => {
    expectLevel('same-day', ['Fever of 38.4 and I have a neck line', 'Temperature 38.5, I do PD', 'Running a temperature, kidney transplant last year']);
    expectLevel('emergency', ['Fever and shivering and he is confused', 'High temperature, my skin is mottled and I feel like I am going to die']);
    expectLevel('routine', ['I had a fever with a cold last winter, all fine now']);
  });
  it('bleeding: stopped with pressure is not a flag; still bleeding or spurting is an emergency', () => {
    expectLevel('routine', ['Needle site bled after dialysis but it stopped after 5 minutes of pressure', 'Small nosebleed this morning, stopped quickly.']);
    expectLevel('emergency', ['Needle site is still bleeding after 20 minutes of pressure', 'blood is spurting out of my graft', 'My line fell out and it is bleeding']);
  });
  it('black stools: same day alone, emergency with dizziness', () => {
    expectLevel('same-day', ['Black tarry stools since yesterday, I take clopidogrel']);
    expectLevel('emergency', ['Black tarry stools and I feel dizzy and weak']);
  });
  it('suicidal thoughts: same day without a plan, emergency with one', () => {
    expectLevel('same-day', ['I have had thoughts of ending my life but no plan and I will keep myself safe']);
    expectLevel('emergency', ['I want to kill myself and I have saved up my insulin', 'I took an overdose an hour ago']);
  });
  it('urine: a sharp fall matters before dialysis, not for someone established on it', () => {
    expectLevel('same-day', ['CKD stage 4 and I have barely peed since yesterday']);
    expectLevel('routine', ['On haemodialysis for years and I hardly pee now, is that expected?']);
  });
});

describe('tokenizer and typos', () => {
  it('tolerates missing apostrophes, case and one-letter typos in longer words', () => {
    expectLevel('emergency', [
      'CANT BREATHE', 'im having palpatations', 'he is unconcious', 'siezure this morning', 'fistla is bleading and wont stop',
      'really brethless at rest', 'chest pian and sweating',
    ]);
  });
  it('does not read a real word as a typo of a lexicon word', () => {
    assert.deepEqual(statuses('I sleep sitting up in my chair by choice to watch TV', 'seizure'), []);
    assert.deepEqual(statuses('the smelling salts', 'swelling'), []);
  });
  it('never echoes the patient\'s words in the reasons', () => {
    const result = assessUrgency('Zebrafish-shaped pain in my chest, Mr Quinton Smythe, NHS 943 476 5919');
    const labels = new Set(RULES.map((r) => r.label));
    assert.ok(result.reasons.length > 0);
    for (const reason of result.reasons) {
      assert.ok(labels.has(reason.label));
      assert.doesNotMatch(JSON.stringify(reason), /zebra|quinton|smythe|943/i);
    }
  });
  it('is deterministic and fast on long messages', () => {
    const text = `${'I am on dialysis and mostly fine, just a question about my diet and fluids. '.repeat(150)}My chest is tight.`;
    const started = performance.now();
    const first = assessUrgency(text);
    assert.ok(performance.now() - started < 2000);
    assert.deepEqual(assessUrgency(text), first);
    assert.equal(first.level, 'emergency');
    assert.equal(level(''), 'routine');
  });
});

// Every situation in shared/eval/triage-red-flags.md, said plainly and then negated.
const SITUATIONS: readonly { level: TriageLevel; positive: string; negated: string }[] = [
  { level: 'emergency', positive: 'My chest feels heavy and tight, it started twenty minutes ago.', negated: 'No chest pain or tightness, just a question about my diet.' },
  { level: 'emergency', positive: "I can't lie flat any more and I'm gasping even sitting in my chair.", negated: "I'm not short of breath and I can lie flat." },
  { level: 'emergency', positive: 'My wife collapsed in the hallway and we cannot wake her properly.', negated: "I haven't fainted or blacked out, and no fits." },
  { level: 'emergency', positive: 'My graft is still bleeding after 20 minutes of pressing hard.', negated: 'There is no bleeding from my fistula.' },
  { level: 'emergency', positive: 'My heart keeps skipping and racing and my legs feel like jelly.', negated: 'No palpitations, no weakness, no tingling.' },
  { level: 'emergency', positive: "I missed Monday's dialysis and now I'm breathless and puffy.", negated: "I haven't missed any dialysis sessions." },
  { level: 'emergency', positive: 'Her face has dropped on one side and her speech is slurred.', negated: 'No face drooping and no slurred speech.' },
  { level: 'emergency', positive: 'Sudden thunderclap headache, BP 200/120 and blurred vision.', negated: 'No headache and no blurred vision.' },
  { level: 'emergency', positive: 'I want to end my life and I have been stockpiling my pills.', negated: 'I have no thoughts of ending my life.' },
  { level: 'emergency', positive: "I've been vomiting blood since this morning.", negated: 'No blood in my vomit, just a tummy bug.' },
  { level: 'emergency', positive: 'Since the new antibiotic my tongue and lips are swelling.', negated: 'No swelling of my lips or tongue after the iron.' },
  { level: 'emergency', positive: 'High temperature, shivering, and my skin looks mottled.', negated: 'No fever, no shivers, no rash.' },
  { level: 'emergency', positive: "My blood sugar is 2.4 and won't come up even after glucose.", negated: 'No hypos lately, sugars have been steady.' },
  { level: 'emergency', positive: "I can't pass urine at all and my lower tummy is swollen and painful.", negated: 'Passing urine normally and there is no tummy pain.' },
  { level: 'same-day', positive: 'There is no buzz in my fistula this morning.', negated: "The thrill in my fistula isn't any weaker, same as always." },
  { level: 'same-day', positive: 'The skin over the aneurysm on my fistula is thin and shiny.', negated: 'No thin or shiny skin over my fistula.' },
  { level: 'same-day', positive: 'My hand on the fistula side goes cold and white during dialysis.', negated: 'No cold or numb fingers on my fistula arm.' },
  { level: 'same-day', positive: 'The exit site of my neck line is red and oozing pus.', negated: 'My line exit site is not red and has no pus.' },
  { level: 'same-day', positive: 'My PD bag was cloudy this morning.', negated: 'My PD bags are clear, not cloudy, and no tummy pain.' },
  { level: 'same-day', positive: 'I missed my dialysis session today because of a hospital appointment.', negated: "I haven't missed a session." },
  { level: 'same-day', positive: 'I have a kidney transplant and my temperature is 38.4 today.', negated: 'Kidney transplant: no fever and no pain over the kidney.' },
  { level: 'same-day', positive: "I've been vomiting all night and can't keep my tablets down.", negated: "I'm not vomiting and I keep fluids down fine." },
  { level: 'same-day', positive: "I'm passing blood clots in my urine.", negated: 'No blood or clots in my urine.' },
  { level: 'same-day', positive: 'My poo has been black and tarry today, I take aspirin.', negated: 'No black or tarry stools.' },
  { level: 'same-day', positive: 'My blood pressure is 186/114 on three readings, I feel fine.', negated: 'My blood pressure has not been over 180/110.' },
  { level: 'same-day', positive: 'I sometimes wish I was dead, but I have no plan and I am safe.', negated: 'I have never had suicidal thoughts.' },
];

describe('every red-flag situation', () => {
  for (const s of SITUATIONS) {
    it(`${s.level}: ${s.positive}`, () => {
      assert.equal(level(s.positive), s.level, codes(s.positive).join(', '));
      assert.equal(level(s.negated), 'routine', `negated: ${s.negated} (${codes(s.negated).join(', ')})`);
    });
  }
});

describe('lexicon', () => {
  it('rules name known concepts and have unique codes and plain labels', () => {
    const ids = new Set(CONCEPTS.map((c) => c.id));
    assert.equal(ids.size, CONCEPTS.length);
    for (const rule of RULES) {
      for (const id of [...rule.all, ...(rule.any ?? []), ...(rule.anyAlso ?? []), ...(rule.none ?? [])]) assert.ok(ids.has(id), `${rule.code}: ${id}`);
      assert.ok(rule.all.length > 0 || (rule.any ?? []).length > 0, rule.code);
      assert.match(rule.label, /^[A-Z][A-Za-z ,()'-]+$/);
    }
    assert.equal(new Set(RULES.map((r) => r.code)).size, RULES.length);
  });
  it('uses every concept in some rule', () => {
    const used = new Set([...RULES.flatMap((r) => [...r.all, ...(r.any ?? []), ...(r.anyAlso ?? []), ...(r.none ?? [])]), ...DERIVED.flatMap((d) => d.all)]);
    assert.deepEqual(CONCEPTS.filter((c) => !used.has(c.id)).map((c) => c.id), []);
  });
});

it('words that name built-in object properties are ordinary words', () => {
  for (const text of ['constructor toString valueOf __proto__ hasOwnProperty', 'my constructor said my fistula is fine']) {
    assert.equal(assessUrgency(text).level, 'routine');
  }
});
