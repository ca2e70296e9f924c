// The red-flag rules: which affirmed concepts (red-flag-concepts.ts), together, make a situation
// with a level, a code and a label. Data only, read by triage.ts and reason-labels.ts.
// Source: shared/eval/triage-red-flags.md (mainstream NHS/NKF/NIDDK patient guidance).

type UrgentLevel = 'emergency' | 'same-day';

interface RedFlagRule {
  /** Stable code stored with the consultation. */
  readonly code: string;
  readonly level: UrgentLevel;
  /** Plain-English situation shown to staff; never the patient's words. */
  readonly label: string;
  /** Every one of these concepts is affirmed ... */
  readonly all: readonly string[];
  /** ... and at least one of these ... */
  readonly any?: readonly string[];
  /** ... and at least one of these too ... */
  readonly anyAlso?: readonly string[];
  /** ... and none of these. */
  readonly none?: readonly string[];
  /** Codes of lower rules to hide from the reasons when this one fires. */
  readonly supersedes?: readonly string[];
}

/** Concepts inferred from others before the rules run ("I was meant to have dialysis ... I didn't go" is a missed session). */
export const DERIVED: readonly { readonly id: string; readonly all: readonly string[] }[] = [
  { id: 'missed-dialysis', all: ['dialysis-due', 'did-not-attend'] },
];

export const RULES: readonly RedFlagRule[] = [
  // Emergency now
  { code: 'chest-pain', level: 'emergency', label: 'Chest pain, pressure or tightness', all: ['chest-pain'] },
  { code: 'severe-breathlessness', level: 'emergency', label: 'Severe or sudden shortness of breath', all: ['breathless-severe'], supersedes: ['new-breathlessness'] },
  { code: 'collapse', level: 'emergency', label: 'Fainting, collapse or cannot be woken', all: ['collapse'], supersedes: ['near-faint'] },
  { code: 'seizure', level: 'emergency', label: 'Seizure or fit', all: ['seizure'] },
  { code: 'confusion', level: 'emergency', label: 'New confusion or unusual drowsiness', all: ['confusion'] },
  { code: 'uncontrolled-bleeding', level: 'emergency', label: 'Heavy or uncontrolled bleeding', all: ['bleeding', 'bleeding-uncontrolled'] },
  { code: 'access-bleeding', level: 'emergency', label: 'Dialysis access actively bleeding', all: ['access-bleeding'], none: ['bleeding-controlled'] },
  { code: 'access-burst', level: 'emergency', label: 'Burst fistula, graft or aneurysm', all: ['access-burst'] },
  { code: 'line-out-bleeding', level: 'emergency', label: 'Dialysis catheter out or damaged, and bleeding', all: ['line-out', 'bleeding'], supersedes: ['line-out'] },
  { code: 'high-potassium-signs', level: 'emergency', label: 'Possible dangerously high potassium (palpitations, severe weakness or tingling)', all: [], any: ['palpitations', 'weakness-severe', 'tingling-lips', 'tingling-hands'] },
  { code: 'missed-dialysis-with-symptoms', level: 'emergency', label: 'Missed dialysis and now unwell', all: ['missed-dialysis'],
    any: ['breathless', 'breathless-severe', 'swelling', 'weakness', 'weakness-severe', 'palpitations', 'confusion', 'drowsy', 'near-faint', 'collapse', 'tingling-lips', 'tingling-hands', 'chest-pain'],
    supersedes: ['missed-dialysis', 'new-breathlessness', 'near-faint'] },
  { code: 'stroke-signs', level: 'emergency', label: 'Possible stroke signs (face, arm, speech, vision or balance)', all: ['stroke-sign'] },
  { code: 'thunderclap-headache', level: 'emergency', label: 'Sudden severe headache', all: ['headache-thunderclap'] },
  { code: 'hypertensive-emergency', level: 'emergency', label: 'Headache with very high blood pressure and warning signs', all: ['headache', 'bp-very-high'],
    any: ['vision-blurred', 'confusion', 'chest-pain', 'vomiting', 'headache-severe'], supersedes: ['very-high-bp'] },
  { code: 'suicide-risk', level: 'emergency', label: 'Suicidal thoughts with a plan or intent', all: ['suicidal-thoughts', 'suicide-plan'], supersedes: ['suicidal-thoughts'] },
  { code: 'self-harm-or-overdose', level: 'emergency', label: 'Self-harm or overdose', all: ['self-harm-act'], supersedes: ['suicidal-thoughts'] },
  { code: 'vomiting-blood', level: 'emergency', label: 'Vomiting blood or coffee-grounds vomit', all: ['vomiting-blood'] },
  { code: 'gi-bleed-with-symptoms', level: 'emergency', label: 'Black, tarry stools with dizziness, fainting or weakness', all: ['black-stools'],
    any: ['dizzy', 'near-faint', 'collapse', 'weakness', 'weakness-severe'], supersedes: ['black-stools'] },
  { code: 'severe-allergic-reaction', level: 'emergency', label: 'Possible severe allergic reaction', all: ['allergy-swelling'] },
  { code: 'allergic-face-swelling', level: 'emergency', label: 'Possible severe allergic reaction', all: ['face-swelling'],
    any: ['allergy-trigger', 'hives', 'wheeze', 'swallowing-difficulty', 'near-faint'] },
  { code: 'allergic-wheeze', level: 'emergency', label: 'Possible severe allergic reaction', all: ['allergy-trigger'], any: ['wheeze', 'swallowing-difficulty'] },
  { code: 'allergic-hives', level: 'emergency', label: 'Possible severe allergic reaction', all: ['hives'], any: ['wheeze', 'swallowing-difficulty', 'near-faint'] },
  { code: 'possible-sepsis', level: 'emergency', label: 'Possible sepsis (fever or shivering with warning signs)', all: [], any: ['fever', 'rigors'],
    anyAlso: ['confusion', 'drowsy', 'mottled', 'rash-nonblanching', 'palpitations', 'breathing-fast', 'sepsis-feel', 'collapse', 'near-faint', 'breathless-severe'],
    supersedes: ['fever-with-line-pd-or-transplant', 'line-or-access-infection', 'transplant-warning'] },
  { code: 'possible-sepsis-low-urine', level: 'emergency', label: 'Possible sepsis (fever or shivering with warning signs)', all: [], any: ['urine-very-little', 'cannot-pass-urine'], anyAlso: ['fever', 'rigors'],
    none: ['ctx-dialysis', 'ctx-pd', 'missed-dialysis'], supersedes: ['urine-drop', 'transplant-warning', 'fever-with-line-pd-or-transplant'] },
  { code: 'non-blanching-rash', level: 'emergency', label: 'Rash that does not fade under pressure', all: ['rash-nonblanching'] },
  { code: 'hypo-not-responding', level: 'emergency', label: 'Low blood sugar not responding, or diabetic and drowsy or confused', all: ['hypo'],
    any: ['hypo-unresponsive', 'drowsy', 'confusion'], supersedes: ['low-blood-sugar'] },
  { code: 'diabetic-drowsy', level: 'emergency', label: 'Low blood sugar not responding, or diabetic and drowsy or confused', all: ['ctx-diabetes', 'drowsy'] },
  { code: 'urinary-retention', level: 'emergency', label: 'Cannot pass urine, with a painful swollen lower belly', all: ['cannot-pass-urine', 'lower-belly-pain'], supersedes: ['urine-drop'] },

  // Urgent, same day
  { code: 'access-clotted', level: 'same-day', label: 'Fistula or graft may be clotted or failing', all: [], any: ['thrill-lost', 'access-hard', 'access-pain'] },
  { code: 'access-rupture-risk', level: 'same-day', label: 'Access at risk of rupture (thin or shiny skin, oozing scab)', all: ['aneurysm-risk'] },
  { code: 'access-skin-at-risk', level: 'same-day', label: 'Access at risk of rupture (thin or shiny skin, oozing scab)', all: ['skin-at-risk', 'ctx-access'], none: ['aneurysm-risk'] },
  { code: 'access-hand-problem', level: 'same-day', label: 'Cold, pale, numb or painful hand on the access arm', all: ['hand-cold', 'ctx-access'] },
  { code: 'fingertip-damage', level: 'same-day', label: 'Dark spots or sores on the fingertips', all: ['fingertip-spots'] },
  { code: 'line-or-access-infection', level: 'same-day', label: 'Possible line or access infection', all: ['access-infection'] },
  { code: 'fever-with-line-pd-or-transplant', level: 'same-day', label: 'Fever or shivering with a dialysis line, access, PD or a transplant', all: [], any: ['fever', 'rigors'],
    anyAlso: ['ctx-line', 'ctx-pd', 'ctx-transplant', 'ctx-dialysis', 'ctx-access'] },
  { code: 'pd-peritonitis', level: 'same-day', label: 'Possible PD peritonitis (cloudy bag or tummy pain on PD)', all: [], any: ['pd-cloudy', 'peritonitis'] },
  { code: 'pd-tummy-pain', level: 'same-day', label: 'Possible PD peritonitis (cloudy bag or tummy pain on PD)', all: ['ctx-pd', 'abdominal-pain'] },
  { code: 'pd-tube-problem', level: 'same-day', label: 'Damaged, disconnected or contaminated PD tube or line', all: ['tube-problem'], any: ['ctx-pd', 'ctx-line'] },
  { code: 'line-out', level: 'same-day', label: 'Dialysis catheter out or damaged', all: ['line-out'] },
  { code: 'missed-dialysis', level: 'same-day', label: 'Missed dialysis', all: ['missed-dialysis'] },
  { code: 'transplant-warning', level: 'same-day', label: 'Transplant warning sign', all: ['ctx-transplant'],
    any: ['fever', 'rigors', 'graft-pain', 'urine-drop', 'cannot-pass-urine', 'swelling-sudden', 'wound-problem', 'vomiting', 'diarrhoea', 'cannot-keep-down', 'urine-blood'] },
  { code: 'cannot-keep-down', level: 'same-day', label: 'Cannot keep fluids or medicines down', all: ['cannot-keep-down'] },
  { code: 'urine-clots', level: 'same-day', label: 'Blood clots in the urine, or bloody urine with pain or fever', all: ['urine-clots'] },
  { code: 'bloody-urine-with-symptoms', level: 'same-day', label: 'Blood clots in the urine, or bloody urine with pain or fever', all: ['urine-blood'], any: ['urinary-pain', 'fever', 'rigors', 'abdominal-pain'] },
  { code: 'urine-drop', level: 'same-day', label: 'Sudden fall in urine output', all: [], any: ['urine-drop', 'cannot-pass-urine'], none: ['ctx-dialysis', 'ctx-pd', 'missed-dialysis'] },
  { code: 'black-stools', level: 'same-day', label: 'Black, tarry stools', all: ['black-stools'] },
  { code: 'very-high-bp', level: 'same-day', label: 'Very high blood pressure', all: ['bp-very-high'] },
  { code: 'suicidal-thoughts', level: 'same-day', label: 'Suicidal thoughts without a current plan', all: ['suicidal-thoughts'] },
  { code: 'new-breathlessness', level: 'same-day', label: 'New shortness of breath', all: ['breathless-new'] },
  { code: 'near-faint', level: 'same-day', label: 'Feeling faint or about to pass out', all: ['near-faint'] },
  { code: 'low-blood-sugar', level: 'same-day', label: 'Low blood sugar', all: ['hypo'] },
  { code: 'coughing-blood', level: 'same-day', label: 'Coughing up blood', all: ['coughing-blood'] },
];
