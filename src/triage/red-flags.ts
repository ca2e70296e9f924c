// The red-flag lexicon: data only, read by triage.ts. Clinicians can review it without reading code.
// Source: shared/eval/triage-red-flags.md (mainstream NHS/NKF/NIDDK patient guidance).
// Pattern syntax (README.md): words separated by spaces; `a|b` one word of several; `(a b|c)` one
// phrase of several; `[a b|c]` an optional phrase; `word*` any word starting so; `@class` a word
// class below; `~3` up to three words of anything (never across a comma or clause); `#38-43.9`
// a number in range (`#10-` ten or more); `%bp-high` a blood pressure of 180/110 or more; `$` end of
// a comma segment. Words of 7+ letters also match one-letter typos (same first letter).

export type PatternSource = string;
export type UrgentLevel = 'emergency' | 'same-day';

export interface ConceptDefinition {
  /** kebab-case, referenced by rules; never shown. */
  readonly id: string;
  /** `context`: a fact about the patient (on PD, has a transplant), so a past time does not set it aside.
   *  `self`: the wording names the writer ("better off without me"), so a general word ("everyone") does not move it to someone else. */
  readonly kind?: 'context' | 'self';
  readonly patterns: readonly PatternSource[];
  /** A minor sign that no longer counts once the message says it settled ("passed after a minute"). */
  readonly settles?: boolean;
  /** A match overlapping one of these is dropped (figurative or unrelated senses). */
  readonly exclude?: readonly PatternSource[];
}

export interface RedFlagRule {
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

/** Common misspellings more than one letter out (or in short words), read as the word meant before matching. */
export const MISSPELLINGS: Readonly<Record<string, string>> = {
  fistla: 'fistula', fisula: 'fistula', fistual: 'fistula', dialisis: 'dialysis', dialysys: 'dialysis', diallysis: 'dialysis', pian: 'pain',
  brethless: 'breathless', breathles: 'breathless', fainte: 'fainted', fanted: 'fainted', feinted: 'fainted', fainteded: 'fainted',
  colapsed: 'collapsed', collasped: 'collapsed', colapse: 'collapse', unconcious: 'unconscious', unconsious: 'unconscious', conffused: 'confused',
  confussed: 'confused', bleading: 'bleeding', blled: 'bled', bleedin: 'bleeding', swolen: 'swollen', odema: 'oedema', slured: 'slurred',
  slurrred: 'slurred', headach: 'headache', hedache: 'headache', blury: 'blurry', suicde: 'suicide', plannning: 'planning', dizy: 'dizzy',
  dizi: 'dizzy', woozey: 'woozy', tounge: 'tongue', tonge: 'tongue', weezing: 'wheezing', weezy: 'wheezy', fevour: 'fever', fevre: 'fever',
  temprature: 'temperature', tempreture: 'temperature', temperture: 'temperature', shivvering: 'shivering', alergic: 'allergic', alergy: 'allergy',
  cloudey: 'cloudy', clowdy: 'cloudy', peritonitus: 'peritonitis', peritinitis: 'peritonitis', malaena: 'melaena', melana: 'melaena',
  mised: 'missed', vommit: 'vomit', vommiting: 'vomiting', vomitting: 'vomiting', vommited: 'vomited',
  seziure: 'seizure', siezure: 'seizure', siezures: 'seizures', sezure: 'seizure', seisure: 'seizure', diarea: 'diarrhoea', diarhea: 'diarrhoea', diarrea: 'diarrhoea',
  diahorrea: 'diarrhoea', diahrrea: 'diarrhoea', diarreah: 'diarrhoea', feaver: 'fever', fevor: 'fever', realy: 'really', vomitted: 'vomited',
};

export const WORD_CLASSES: Readonly<Record<string, readonly string[]>> = {
  access: ['fistula', 'fistulas', 'fistulae', 'fistular', 'graft', 'grafts', 'avf', 'avg', 'shunt'],
  line: ['line', 'lines', 'catheter', 'catheters', 'cath', 'permcath', 'permacath', 'tesio', 'vascath', 'hickman'],
  chest: ['chest', 'chests', 'breastbone', 'sternum'],
  chestFeeling: ['pain', 'pains', 'painful', 'hurt', 'hurts', 'hurting', 'ache', 'aches', 'aching', 'sore', 'tight', 'tightness',
    'tightening', 'pressure', 'heavy', 'heaviness', 'squeezing', 'squeeze', 'crushing', 'crushed', 'burning', 'discomfort', 'agony',
    'stabbing', 'weight', 'band', 'vice', 'clamped'],
  pain: ['pain', 'pains', 'painful', 'hurt', 'hurts', 'hurting', 'ache', 'aches', 'aching', 'sore', 'tender', 'agony', 'throbbing', 'cramping'],
  stool: ['stool', 'stools', 'poo', 'poos', 'poop', 'poops', 'bowel', 'bowels', 'motion', 'motions', 'faeces', 'feces', 'bm'],
  urine: ['urine', 'wee', 'wees', 'pee', 'pees', 'piss', 'urination'],
  urinating: ['peeing', 'weeing', 'urinating', 'pissing', 'passing'],
  vomit: ['vomit', 'vomits', 'vomited', 'vomiting', 'puke', 'puked', 'puking', 'sick'],
  pdFluid: ['bag', 'bags', 'fluid', 'fluids', 'drain', 'drains', 'drained', 'drainage', 'effluent', 'dialysate', 'outflow', 'exchange', 'exchanges'],
  minutes: ['min', 'mins', 'minute', 'minutes'],
  dialysis: ['dialysis', 'dialyses', 'haemodialysis', 'hemodialysis', 'haemo', 'hemo', 'heamo', 'hd'],
  pd: ['pd', 'capd', 'apd', 'ccpd', 'peritoneal'],
  immuno: ['tacrolimus', 'tac', 'prograf', 'advagraf', 'adoport', 'envarsus', 'mycophenolate', 'mmf', 'cellcept', 'myfortic',
    'ciclosporin', 'cyclosporine', 'cyclosporin', 'neoral', 'sirolimus', 'everolimus', 'azathioprine', 'belatacept'],
  weekday: ['monday', 'mon', 'mondays', 'tuesday', 'tues', 'tue', 'tuesdays', 'wednesday', 'wed', 'wednesdays', 'thursday', 'thurs',
    'thu', 'thursdays', 'friday', 'fri', 'fridays', 'saturday', 'sat', 'saturdays', 'sunday', 'sun', 'sundays'],
  month: ['january', 'february', 'march', 'april', 'june', 'july', 'august', 'september', 'october', 'november', 'december',
    'jan', 'feb', 'mar', 'apr', 'jun', 'jul', 'aug', 'sept', 'oct', 'nov', 'dec', 'spring', 'summer', 'autumn', 'winter', 'christmas', 'easter'],
  very: ['very', 'really', 'so', 'extremely', 'severely', 'terribly', 'badly', 'awfully', 'seriously', 'incredibly', 'super', 'proper', 'dead'],
  tummy: ['tummy', 'stomach', 'belly', 'abdomen', 'abdominal', 'abdo', 'tum', 'stomache'],
  hand: ['hand', 'hands', 'finger', 'fingers', 'fingertip', 'fingertips', 'thumb', 'thumbs'],
  tablets: ['tablets', 'tablet', 'pills', 'pill', 'meds', 'medication', 'medications', 'medicine', 'medicines', 'insulin', 'paracetamol', 'painkillers'],
};

const ACCESS_PLACE = '(@access|aneurysm|aneurism|bulge|needle site|needle sites|needling site|exit site|line site|catheter site|tunnel|@line)';

export const CONCEPTS: readonly ConceptDefinition[] = [
  // ------------------------------------------------------------ context: who the patient is
  { id: 'ctx-dialysis', kind: 'context', patterns: [
    'on ~2 @dialysis|@pd', '(my|the|since|started|starting|doing|during|after|before|at|from|missed|skipped|miss|skip) [home] @dialysis',
    '@dialysis days|day|unit|units|nurse|nurses|session|sessions|machine|centre|center|chair|schedule|team|needles',
    'i dialyse|dialyze|dialysed|dialyzed|dialysing|dialyzing', 'home|nocturnal|unit haemo|hemo|hd'] },
  { id: 'ctx-pd', kind: 'context', patterns: ['@pd', 'cycler|cyclers', '(transfer set|tenckhoff)', '(my|the) (exchange|exchanges|pd catheter|tenckhoff)'] },
  { id: 'ctx-line', kind: 'context', patterns: [
    'neck|chest|tunnelled|tunneled|tunnel|dialysis|central|perm|hd|groin|femoral|jugular @line', '@line ~3 in|into|on ~2 neck|chest',
    'permcath|permacath|tesio|vascath|hickman|picc', 'my|the line|catheter|cath'], exclude: ['urinary|bladder|foley catheter', 'the line ~1 (at|in) (the|a)'] },
  { id: 'ctx-access', kind: 'context', patterns: ['@access', 'needle|needling|cannulation site|sites'] },
  { id: 'ctx-transplant', kind: 'context', patterns: ['transplant*', 'new|donor|transplanted kidney', '@immuno', 'anti|immuno rejection|suppressants|suppression', 'antirejection|immunosuppress*'],
    exclude: ['waiting|wait|waitlist|listed|assessment|assessed|workup|suitable|eligible|considered|considering|qualify|need|needs|needing|get|getting|hoping|hope|awaiting|donate|donating|donor ~3 transplant*',
      'transplant* ~1 list|waiting|assessment|workup', 'for a transplant'] },
  { id: 'ctx-diabetes', kind: 'context', patterns: ['diabet*', 'insulin', 'type #1-2 diabet*', '(type one|type two|t1dm|t2dm)'] },

  // ------------------------------------------------------------ emergency signs
  { id: 'chest-pain', patterns: [
    '@chest ~3 @chestFeeling', '@chestFeeling ~6 @chest', 'elephant|weight|sitting|sat|standing|stood ~4 on ~2 @chest',
    'pain|ache|aching|tingling|heaviness ~5 spread*|radiat*|going|goes|moving|travel*|shoot*|down ~4 arm|arms|jaw|neck|shoulder',
    'pain|ache|aching ~4 jaw ~3 arm|arms', 'pain|ache|aching ~4 arm ~3 jaw', 'having|had ~1 (a heart attack|heart attack|an mi)',
    'think ~4 (heart attack)', 'heart ~2 (pain|pains|hurts|hurting|aching|ache)', '(pain|pains|ache|aching) ~3 (in|around) ~2 heart', 'angina ~3 (attack|not going|wont settle|spray)'],
    exclude: ['blood pressure', '@chest (infection|x ray|xray|drain|line|catheter|cough)', '(nearly|almost|gave me|give me|would have) ~2 (heart attack)'] },
  { id: 'breathless-severe', patterns: [
    'can|could not ~1 breathe|breath|breathing', 'can|could not ~2 catch|get ~2 breath|air', 'can|could hardly|barely|scarcely ~1 breathe|breath',
    'struggl*|fight*|gasp*|fought ~3 breath|breathe|breathing|air', 'gasping', '(short|out) of breath ~4 rest|resting|sitting|sat|still|talking|speaking|lying|sentence|toilet|bathroom|dressed|nothing|bed',
    '(breathless|breathlessness) ~3 rest|resting|sitting|sat|talking|lying|nothing', 'can not ~2 (finish|complete|say|get out) ~2 sentence|sentences|words',
    'can|could not ~1 (lie|lay|sleep) ~1 flat|down', 'have|had to ~2 sleep|sleeping ~2 sitting|upright|propped|chair|armchair', 'sleep|sleeping ~3 (sitting up|upright|in a chair|in the chair|in my chair|armchair)',
    '(lips|face|mouth) ~3 (blue|grey|gray|purple|bluish)', '(blue|grey|gray|bluish) (lips|face)', 'frothy|pink|foamy ~2 sputum|spit|phlegm|mucus|froth|cough*',
    'coughing ~2 froth*|foam*|pink', '@very ~1 (breathless|breathlessness)', '@very ~1 (short of breath|out of breath)', '(sudden|suddenly) ~2 (breathless|short of breath|out of breath)',
    'difficulty|trouble|struggling|problems ~2 breathing|breathe', 'hard ~2 to breathe', 'breathing ~3 [very|really|so] laboured|labored|rattly|rattling|gurgling',
    'choking|suffocating|drowning', 'can only ~2 (speak|say|talk|get out|manage) ~3 (few|couple of|one or two|two or three) words', 'breathing ~3 (really|very|so|terribly) (bad|poor|difficult|hard|laboured)', '(breathless*|short of breath|out of breath) ~3 (lying|lie|lay|laying) ~1 (down|flat)', '(sit|sitting|stand|standing|prop) up to breathe', 'feel|feels|felt ~3 (like i am drowning|like im drowning)'],
    exclude: ['(choking|drowning) ~2 (on|in) ~2 (food|water|tablet|pill|paperwork|work)', 'hard ~2 to breathe ~3 (mask|cold air)'] },
  { id: 'breathless', patterns: ['breathless*', '(short|out) of breath', 'shortness of breath', 'sob', 'puffed out', 'winded', 'wheez*',
    'breathing ~3 (bad|worse|difficult|harder|heavy|hard)', 'struggl* ~2 breath*', 'can|could not ~2 breath*'], exclude: ['sob|sobbing ~2 (crying|tears|cry)'] },
  { id: 'breathless-new', patterns: ['breathless*', '(short|out) of breath', 'shortness of breath', 'breathing ~2 (bad|worse|difficult|harder|hard)'],
    exclude: ['(bit|slightly|little|mildly|mild|tad) ~1 breathless*|short|out', 'breathless*|breath ~5 (stairs|hill|hills|walking fast|exercise|exercising|gym|running|run|climbing|long walk|walk far|bus stop|steps|jog*|swim*|hoover*|housework|garden*)',
      'breathless*|breath ~5 (for months|for years|for ages|as usual|usual|always|same as)', 'when|after|if ~3 (i|we) ~2 (walk|climb|run|exercise|rush|hurry)'] },
  { id: 'collapse', patterns: [
    'fainted|fainting|faints', 'had|have a faint|fainting', 'pass|passed|passing|passes|past out', 'black|blacked|blacking out', 'blackout|blackouts',
    'collaps*', 'keel*|keeled over', '(lost|lose|losing|loss of) consciousness', 'unconscious*|unresponsive',
    'not responding|responsive|answering|reacting', 'can|could not ~1 wake|rouse|waken ~2', 'hard|difficult|impossible to wake|rouse', 'will|would not wake', 'not waking up',
    'out cold', 'went|gone|going|gone ~1 floppy|limp', '(can not|could not) ~1 get ~1 (him|her|them|mum|dad) to ~1 (answer|respond|wake|speak|open)', 'fell|dropped ~2 to the floor', 'found ~2 (me|him|her|them) ~3 (on the floor|on the ground|collapsed|unconscious|slumped)',
    'do|does|did not remember ~3 (falling|what happened|going down|hitting|the fall)', 'woke|came round|came to ~3 (on the floor|on the ground)'],
    exclude: ['(going to|gonna|about to|nearly|almost|might|may|could|feel like|felt like|feels like) ~3 faint*|pass|black|collaps*', 'pass ~1 out ~2 (leaflet|leaflets|forms|sheets)',
      'collaps* ~2 (vein|veins|lung|sofa|bed|chair|laughing)', 'not responding ~3 (treatment|antibiotic*|tablets|emails|messages|calls)', 'blackout ~2 (blind|blinds|curtain*)'] },
  { id: 'near-faint', settles: true, patterns: ['(going to|gonna|about to|nearly|almost|might|may|could) ~2 faint|pass|collapse|black', 'feel|feels|felt|feeling ~2 faint|fainty|fainting',
    'feel|feels|felt|feeling like ~4 (pass out|faint|black out|collapse)'] },
  { id: 'seizure', patterns: ['seizure*|siezure*|sezure*|seisure*|convuls*', '(had|having|has|have|a|another|an epileptic|in) ~1 fit|fits', 'is|was|started|been|keeps|keep fitting',
    'fitting ~3 (shaking|jerking|eyes rolled)', 'eyes ~2 roll* ~3 (shaking|jerking)'],
    exclude: ['fit (and well|to|for|in|into|enough|as)', 'a fit of (coughing|laughing|giggles|temper|rage)', 'keep|keeping|get|getting fit', 'fits (in|into|well|ok|fine)', 'have a fit ~3 (about|when|if)'] },
  { id: 'confusion', patterns: [
    'confused|confusion', 'muddled|disorientated|disoriented|delirious|delirium', 'not making ~1 sense', 'talking|speaking ~1 nonsense|rubbish|gibberish',
    'does|do|did not know ~2 where|what|who|which', 'not (himself|herself|themselves)', '(unusually|abnormally|extremely|very|really|so) drowsy',
    'can|could not stay awake', 'keep|keeps|kept (falling|nodding) asleep|off', 'hard|difficult to keep ~2 awake', 'not with it', 'not ~1 (recognise|recognize|recognising|recognizing) ~2 (me|us|anyone|her|him|people)',
    '(acting|behaving) ~2 (strange|strangely|odd|oddly|weird|weirdly|confused|out of character|bizarrely)'],
    exclude: ['confused|confusion ~2 (about|by|as|why|what|which|how|whether|if|over|with|because|regarding|around|re)', '(bit|little|slightly|some|any|the) ~1 confus*',
      'confusing', '(nonsense|rubbish|gibberish|confused) ~3 (in my sleep|in his sleep|in her sleep|asleep|dreaming)', 'not making ~1 sense ~3 (letter|leaflet|results|website|form|bill|it|this|that)', '(this|it|that) ~2 not making ~1 sense'] },
  { id: 'drowsy', patterns: ['drowsy|drowsiness|groggy', '@very sleepy', 'can not stay awake', 'hard|difficult to wake'],
    exclude: ['(make|makes|made|making) ~2 (me|him|her|you) ~1 drowsy', 'drowsy ~4 (tablet|tablets|medicine|medication|pills|side effect|antihistamine*)', 'after|during ~2 dialysis'] },

  { id: 'bleeding', patterns: ['bleed*|bled', 'blood ~2 coming|pouring|gushing|spurting|pumping|squirting|running|dripping|everywhere|soaking|leaking|pooling|flowing|seeping|oozing',
    'blood all over', 'press*|pressure ~2 on ~3 (needle site|needle sites|site|fistula|graft|the hole|exit site|line site|wound)', 'spurt*|squirt*|gush*|pumping|pouring|dripping|leaking|losing|lost|lose ~2 blood', '(soaked|soaking|covered|dripping|full|drenched) ~3 (with|in|of) blood', '(lot|lots|loads|pool|pools|puddle|so much) of blood', 'blood everywhere', 'haemorrhag*|hemorrhag*|haemorrag*', 'nosebleed*', '(nose bleed*)'],
    exclude: ['bleed* ~1 (gums|gum)', '(gums|gum) ~2 bleed*', 'blood ~2 (test|tests|results|sample|samples|pressure|sugar|sugars|count)', 'bleeding ~1 heart'] },
  { id: 'bleeding-uncontrolled', patterns: [
    'still ~1 (bleeding|bleeds|soaking|dripping|pouring|gushing|oozing|coming|seeping|running|going)', 'blood|bleed*|it|bleeding ~3 spurt*|squirt*|gush*|jet*|spray*|pulsing|pumping|pouring|pours|pulsating',
    'spurt*|squirt*|gush*|pumping|pouring ~2 blood', 'bleed*|it|blood|bleeding ~3 will|does|did|has|is|can not ~1 stop*', 'can not ~2 stop ~2 bleed*|it|blood|bleeding',
    'not stopping', 'keeps|keep|kept ~1 bleeding', 'soak*|soaked ~2 through', 'soaked|soaking ~3 (gauze|dressing|bandage|towel|towels|plaster|tissue|tissues|clothes|top|sleeve)', 'blood everywhere',
    '(lots|lot|loads|so much|pool|pools|puddle) of blood', 'heavy|heavily|profuse*|massive|severe ~2 bleed*|blood', 'bleed* ~2 (heavily|badly|a lot|like mad|like crazy|everywhere)', 'dripping ~2 onto|on|off ~2 floor|carpet|ground',
    'press*|pressure|holding|held|pinch* ~8 #10- @minutes', 'press*|pressure|holding|held|pinch* ~8 (half an hour|an hour|ages|hours|over an hour)',
    'bled|bleed*|bleeding ~3 for ~2 #10- @minutes', 'bled|bleeding ~3 for (hours|ages|an hour|half an hour)', '(bleeding|it) ~2 (started|starts|starting) ~2 again'] },
  { id: 'bleeding-controlled', patterns: ['bleeding|it|bleed|blood|nosebleed ~2 [has|had|have] stopped', 'stopped ~3 (after|with|when|within|once|on its own)', 'stopped bleeding',
    '(few|couple of|some) drops', '(spot|spots|speck|dot|drop) of blood', '(tiny|little|small) (bit|amount) of blood', 'bled|bleed* ~2 (a bit|a little|slightly)', 'slight*|minor ~2 bleed*'] },
  { id: 'access-bleeding', patterns: ['@access|needle|needles|cannula ~4 bleeding|bleeds|bleed', 'bleeding|bleeds|blood ~5 @access|needle|needles', 'blood ~3 (coming|pouring|leaking) ~4 (hole|exit|site|neck|chest)'],
    exclude: ['(was|were|had been) ~1 bleeding', 'bled'] },
  { id: 'access-burst', patterns: ['burst|bursting|ruptur*|exploded|blew|blown|split ~3 @access|aneurysm|aneurism|bulge', '@access|aneurysm|aneurism|bulge ~5 burst|ruptur*|exploded|split|blew|popped'] },
  { id: 'line-out', patterns: ['@line|tube ~4 came|come|comes|coming|fell|falling|fallen|pulled|slipped|slid|popped|yanked ~1 out', 'pulled|yanked ~2 @line|tube ~2 out',
    '@line ~2 is|was|has ~1 out|dislodged|displaced', '@line|tube ~3 (cut|split|snapped|broken|broke|cracked|damaged|leaking|has a hole)'] },

  { id: 'palpitations', patterns: [
    'palpitat*|palpatat*|palpit*|pallpitat*', 'palps|palpys|palpies', 'heart|heartbeat|heartbeats|heartrate|pulse ~3 racing|pounding|fluttering|flutter*|skipping|skips|skipped|missing|jumping|thumping|banging|irregular|erratic|hammering|thudding|galloping|jumpy|bumping',
    'heart|heartbeat|pulse ~4 (beating|going|beats|beat) ~3 fast|slow|strange|strangely|funny|weird|irregular|irregularly|oddly|hard|wrong|quick|quickly|crazy|mad|wildly|erratically|everywhere',
    'heart|heartbeat|pulse ~3 (all over the place|not normal|not right|not regular|out of rhythm)', 'irregular|racing|pounding|rapid|erratic|skipping|fluttering ~1 heart*|pulse',
    'missed|skipped|missing|extra|dropped ~1 beats', 'heart ~3 (somersaults|somersault|flips|flipping|flip flopping|flip flops|flutters|fluttery|stopping and starting|starting and stopping|stopping|pausing|missing beats|jolting)', '(pulse|heart rate|hr|heartrate) ~3 #130-300', '(pulse|heart rate|heartrate) ~3 #10-40', 'slow|slowed ~1 (heart|heartbeat|pulse)'],
    exclude: ['heart ~2 (skipped a beat|skips a beat) ~3 (when|as|seeing|saw|reading|hearing)', 'heart (is|was) racing ~3 (with excitement|with joy)', 'pulse ~3 (oximeter|check)'] },
  { id: 'weakness', patterns: ['weak|weakness|weaker|feeble|wobbly', '(shaky legs|no strength)'],
    exclude: ['buzz|thrill|bruit|vibration|pulse|whoosh|buzzing|signal|tea|coffee|bladder|joke ~3 weak*', 'weak* ~2 buzz|thrill|bruit|tea|coffee|signal|bladder'] },
  { id: 'weakness-severe', patterns: [
    'legs|arms|limbs|muscles|body ~3 (like jelly|jelly|floppy|gave way|giving way|give way|gone|dead weight|wont work|will not work|not working)', 'jelly legs|limbs',
    'like jelly', '(like lead|heavy as lead|made of lead|like concrete)', 'can|could (hardly|barely) ~1 (stand|walk|move|lift|get up|hold)', 'can|could not ~1 (stand|stand up|get up|get out of bed|move my legs|move my arms|lift my legs|lift my arms|walk at all)',
    '(sudden|suddenly) ~3 weak|weakness', '@very ~1 weak', 'weak ~3 (can not|can hardly|can barely|could hardly|could barely)', 'no strength in ~2 legs|arms', 'heavy|weak (legs|arms|limbs)', 'legs|arms|limbs ~2 (feel|felt|are|went|gone) ~2 heavy'],
    exclude: ['weak* ~6 (for months|for years|for ages|for weeks|all the time|always|since starting)', 'weak ~2 (tea|coffee|signal|buzz|thrill|bladder)', 'can not ~1 (get up|stand) ~3 (early|in the morning|for|without)'] },
  { id: 'tingling-lips', patterns: ['tingl*|numb|numbness ~3 lip|lips|mouth|tongue', '(pins and needles) ~3 lip|lips|mouth|tongue', 'lip|lips|mouth|tongue ~3 tingl*|numb|tingly', 'lip|lips|mouth|tongue ~3 (pins and needles)'],
    exclude: ['dentist|anaesthetic|injection ~6 numb'] },
  { id: 'tingling-hands', patterns: ['tingl* ~3 @hand', '(pins and needles) ~3 @hand', '@hand ~3 tingl*|tingly', '@hand ~3 (pins and needles)'],
    exclude: ['@hand|tingl*|needles ~6 (for months|for years|for ages|neuropathy|carpal|always|every night|at night|usual)'] },

  { id: 'missed-dialysis', patterns: [
    'miss|missed|missing|misses|skip|skipped|skipping|ditched ~3 @dialysis|session|sessions|treatment|treatments|run|runs|exchange|exchanges|slot',
    'not ~3 go|get|make|attend|went|been|had|done|gone ~3 [to] @dialysis|session|sessions|unit', 'no @dialysis|session ~1 since|for',
    'transport|ambulance|taxi|driver ~4 (did not|never|no) ~1 (come|came|turn|show|arrive)', 'transport|ambulance|taxi|driver ~3 (go|went|left) without me',
    '(long|longer|extra|bigger) ~2 gap ~3 (than usual|between sessions|since)', 'been|stayed|gone off ~1 @dialysis ~3 (since|for)', 'forgot|forget|forgotten|overslept|slept ~4 (dialysis|session|exchange|exchanges|my bags|my treatment)', '(not|forgot to|never) ~1 (do|done|did) ~2 (exchanges|exchange|bags|bag|pd|dialysis|session|cycler)',
    '#4-60 days ~3 since ~3 (dialysis|session|sessions|haemo|hemo|treatment|run)', '(last|my last) (dialysis|session) ~2 (was) ~3 #4-60 days ~1 ago'],
    exclude: ['(counselling|therapy|gym|physio|training|exercise|support|group|zoom|education|photo|study) session*', 'miss* ~3 (call|phone|appointment|clinic|letter|dose|tablet|tablets)',
      'not ~1 (had|done) ~1 @dialysis ~2 (yet|before)', 'not ~2 (on|started) @dialysis'] },
  { id: 'dialysis-due', patterns: ['(meant|supposed|due|booked|scheduled|expected) ~1 to ~3 (@dialysis|session|unit|my bags|exchange|exchanges)'] },
  { id: 'did-not-attend', patterns: ['(did not|never|could not|was not able to|were not able to) ~1 (go|get there|get in|make it|attend|turn up|show up|come in)', '(stayed|stay|stopped) ~1 (home|at home|in bed)'] },
  { id: 'swelling', patterns: ['swell*|swollen|puff*|bloat*|oedema|edema', 'fluid ~2 (on|overload|overloaded|build|building|retention|in my)', 'water retention',
    'ankles|legs|feet|belly|tummy|face ~3 (big|bigger|huge|fat|tight)', 'put|putting on ~3 weight|kg|kgs|kilo*|pounds|lbs|stone', 'weight ~3 (up|gone up|gain|gained|jumped|shot up)', 'gained|gain ~2 weight|kg|kilo*'],
    exclude: ['swell ~1 (idea|thanks)'] },
  { id: 'swelling-sudden', patterns: ['(sudden|suddenly|quickly|overnight|rapid*) ~3 (swell*|swollen|puff*|weight|gained|put on)', '(put on|putting on|gained|gain) ~2 #1-30 ~1 kg|kgs|kilo*|pounds|lbs|lb ~3 (in|over|since) ~2 (day|days|a day|week|yesterday|last night|morning)',
    'weight ~3 (shot up|jumped|gone up a lot)'] },
  { id: 'stroke-sign', patterns: [
    'face|mouth|lip|eye|eyelid|smile ~3 droop*|dropped|dropping|lopsided|sagging|sag|sags|twisted|fallen|drooped|droppy|wonky', 'droop*|droopy|lopsided|wonky ~2 face|mouth|smile|eye',
    '(one|left|right) side of ~2 (face|mouth|body) ~4 numb|droop*|weak|dropped|fallen|sagging|lopsided|dead|heavy|tingl*|floppy|paralys*', 'face ~2 (paralysed|paralyzed|frozen on one side)',
    'left|right|one ~2 arm|leg|hand|side ~4 (weak|numb|dead|heavy|floppy|useless|tingl*|paralys*|not working|wont work|will not work|gone)', 'weak*|numb*|paralys* ~4 (left|right|one) ~1 arm|leg|hand|side',
    'can|could not ~3 (lift|raise|move|use|feel|grip) ~3 left|right ~1 arm|leg|hand|side|foot', 'down one side', 'one sided weakness', '(sudden|suddenly) ~4 (can not|could not) ~2 (lift|raise|move|feel) ~3 (arm|leg|hand)', 'arm|leg ~3 (went|gone|going) ~1 dead',
    'slurr*', 'speech ~3 (slurred|funny|strange|weird|muddled|jumbled|garbled|not right|wrong|gone|odd|thick|confused|mixed up)', 'words ~4 (jumbled|muddled|garbled|mixed up|wrong|slurred|wont come|will not come|not coming|not making sense)',
    'can|could not ~2 (speak|talk|get words out|get his words out|get her words out|get my words out|find the words|find my words|find his words|find her words)', 'gibberish', 'trouble|difficulty ~2 (speaking|talking)', '(not|can not|could not) ~1 (talking|speaking|talk|speak) ~1 (properly|right|normally|clearly|straight)',
    '(sudden|suddenly) ~3 (lost|loss of|can not see|blind|cannot see)', '(vision|sight|eyesight|eye) ~3 (went|gone|going|turned|goes) ~1 (black|dark|blank|grey|dim|blurry)', 'can not see ~2 (out of|in|with) ~2 (one|left|right) eye', 'blind ~3 (in|one) ~2 eye', '(lost|loss of|losing) ~2 (vision|sight|eyesight)', 'gone|went blind', 'double vision', 'can not see out of',
    '(sudden|suddenly) ~3 (loss of balance|lost my balance|lost his balance|lost her balance|unsteady|falling to one side|veering)',
    'having|think ~4 (a stroke|a mini stroke|stroke|a tia|tia)', '(just had|might have had|may have had|might be having|could be having) ~1 (a stroke|a mini stroke|stroke|a tia|tia)'],
    exclude: ['@hand|arm ~6 (dialysis|fistula|graft|access|needles|needling)', '@access ~4 arm|hand|side', 'stroke ~2 (the cat|the dog|my cat|my dog|hair|of luck|of genius)',
      'since|after ~2 stroke', 'words ~4 (leaflet|letter|form|website)', 'side ~3 (tablet|tablets|effect|effects)', '(lost|losing) ~2 sight of'] },
  { id: 'headache', patterns: ['(headache*|head ache|migraine*)', 'head ~2 (ache|aches|hurts|hurting|pain|pounding|splitting|throbbing|killing|banging|exploding|bursting)', 'head pain'] },
  { id: 'headache-thunderclap', patterns: ['(worst|worse) ~3 headache ~4 (life|ever|i have ever|ive ever)', 'headache ~5 (worst|worse) ~4 (life|ever)', 'thunderclap|thunderbolt', '(thunder clap|thunder bolt|like a bomb)',
    '(sudden|suddenly|out of nowhere|out of the blue) ~4 (headache*|migraine*|head pain)', 'headache ~4 (came on|started|hit|struck) ~2 (suddenly|all of a sudden|out of nowhere|out of the blue|instantly)',
    'like (being|been) ~1 (hit|kicked|struck|whacked) ~4 head', 'headache ~2 like ~4 (hit|exploded|exploding|explosion|bomb)'] },
  { id: 'headache-severe', patterns: ['(severe|terrible|excruciating|agonising|agonizing|blinding|splitting|awful|horrendous|unbearable|worst|pounding|throbbing|thumping|horrible) ~1 headache',
    '(really bad|very bad|so bad) ~1 headache', 'headache ~3 (severe|terrible|unbearable|excruciating|awful|really bad|very bad|killing me)'] },
  { id: 'vision-blurred', patterns: ['blur*|bluriness', 'vision|eyesight|sight ~3 (fuzzy|funny|strange|odd|weird|gone|dark|double|spotty|cloudy|hazy|misty)', 'seeing ~1 (double|stars|spots|flashing|flashes)',
    'flashing lights', 'double vision', 'can not see ~2 properly|clearly'] },
  { id: 'bp-very-high', patterns: ['%bp-high', '(systolic|top number|top reading|upper number|top one) ~3 #180-300', '(diastolic|bottom number|bottom reading|lower number|bottom one) ~3 #110-200',
    '(bp|blood pressure|pressure) ~4 (over|above|more than|higher than|at|is|of|was|reading|reads|read|showing|shows) ~1 #180-300'],
    exclude: ['(target|aim|should be|below|under|less than|keep it|goal) ~3 %bp-high|#180-300'] },
  { id: 'vomiting', patterns: ['vomit*|vommit*|puke*|puking', '(throw up|throwing up|threw up|thrown up|throws up)', 'being|been|was|keep|keeps|kept sick', 'bringing ~2 up ~2 (food|everything|water|tablets)'],
    exclude: ['sick (of|and tired|note|leave|day|pay)', 'throw ~2 (away|out|it|them|the|a) ~1'] },
  { id: 'suicidal-thoughts', kind: 'self', patterns: [
    'suicid*|sucid*|suiside*', 'kill|killing|end ~1 (myself|my self)', 'end ~1 (my life|it all|everything|things)', 'take my ~1 (own life|life)',
    'better off ~2 (without me|dead|if i was gone|if i were gone|if i was not here|if i were not here)', 'want|wanted|wanting|wish|wished ~3 (to die|i was dead|i were dead|to be dead|i was not here|i was never born|it would all end|to not wake up|not to wake up|i could disappear)',
    'do not want ~2 (to live|to be here|to be alive|to go on|to wake up|to carry on|to exist)', 'no point ~2 (living|going on|carrying on|being alive|anymore|any more|in anything|in life)',
    'can|do not see ~1 (the|any) point ~2 (anymore|any more|in living|of living|in going on|in anything|in life|in carrying on)', 'can|do not see ~1 (the|any) point $',
    'harm|hurt|cut|injure|injuring|harming|hurting ~1 (myself|my self)', 'not wanting ~1 (to live|to be here|to be alive|to go on|to wake up|to carry on|to exist)', 'rather|prefer ~2 (not wake up|not be here|be dead|die|not exist|not be alive|not be around|go to sleep and not wake up)', '(hope|hoping|wish) ~3 (not wake up|never wake up|do not wake up)', '(dark|black|suicidal) thoughts', 'self ~1 harm*', 'stop living', '(decided|want|wanted|ready|planning|going) to ~2 (end it|end it all|end my life|kill myself|stop living|not be here)', '(decided|want|wanted|ready) to die', '(going to|gonna|want to|wanna) end it $', 'thoughts|thinking|thought ~3 (ending it|ending my life|ending things|killing myself|dying|death|not being here|taking my life|taking my own life)'],
    exclude: ['kill* ~2 myself ~2 (laughing|working)', 'no point ~3 (asking|calling|ringing|complaining|trying to)', 'hurt myself ~4 (fell|fall|falling|lifting|gym|garden|accident)'] },
  { id: 'suicide-plan', patterns: ['plan|plans|planned|planning', 'saving|saved|stockpil*|hoarding|collecting|collected|stored ~3 @tablets', '(going to|gonna|about to|will|intend to|want to) ~2 (do it|end it|take them|take all|kill)',
    'take|taking|swallow*|overdose ~3 (them all|all of them|all my|the lot|whole box|whole pack|whole packet|everything)', 'tonight', '(got|have|bought|found) ~2 (rope|a rope|razor|razors|blades|knife|gun|the pills|the tablets)',
    'written|wrote ~2 (a note|my note|a letter|goodbye|a goodbye|letters|notes|goodbye letters)', 'decided|decision', 'said ~2 goodbye*', '(can not|could not|cant) ~1 keep ~2 safe', 'not safe', 'intend*|intention'],
    exclude: ['(safe|not going to|will not|would not|never) ~3 tonight', 'tonight ~3 safe', 'plan* ~3 (holiday|trip|meals|diet|care|treatment|dialysis|transplant|wedding|party|visit|move|next|appointment|schedule)', '(care|meal|diet|treatment|action|birth) plan*'] },
  { id: 'self-harm-act', patterns: ['overdos*', '(taken an od|took an od)', '(took|taken|swallowed|have taken|has taken) ~3 (too many|all|a lot of|lots of|loads of|handful|the whole|whole|a bottle|a box|a packet) ~3 @tablets|packet|box|bottle',
    '(have|has|just|i) ~2 (cut|harmed|hurt|stabbed) ~1 (myself|himself|herself)', '(cut|slit|slashed) ~1 (my|his|her) (wrist|wrists)', '(took|taken|swallowed|have taken) ~2 #10-1000 (of) (my|his|her|the|those)', '#20-1000 ~3 (tablets|pills) ~3 (at once|in one go|all together)', 'self harmed|harmed', 'tried to ~2 (kill|end|hang)', '(going to|gonna|about to|will|want to|planning to|plan to) ~2 (take|swallow) ~2 (all|the lot|every one|them all|the whole) ~3 (@tablets|pills|tablets|of them|meds|box|packet)', '(can not|could not) ~1 keep ~2 (myself|himself|herself|me|him|her) ~1 safe'],
    exclude: ['overdos* ~3 (on|of) ~2 (binder|binders|calcichew|water|fluid|salt|potassium|chocolate|bananas|sugar)', 'accident* ~3 (took|taken) ~4 (twice|double|extra|two)'] },
  { id: 'vomiting-blood', patterns: ['@vomit|throwing|threw|bringing|brought ~3 up ~5 blood', '@vomit ~3 blood|bloody', 'blood ~3 (in|from) ~2 (vomit|sick)', 'blood ~2 @vomit', 'coffee ~1 ground*|grinds|granules',
    'haematemesis|hematemesis', '(vomit|sick) ~3 (black|dark brown|bright red)'],
    exclude: ['sick ~2 (of|and tired)', 'blood ~2 (test|tests|results|pressure|sugar)'] },
  { id: 'black-stools', patterns: ['black ~3 @stool|tarry|tar', '(tarry|tar like) ~3 @stool', '@stool ~3 (black|tarry|like tar|jet black|pitch black)', 'melaena|melena'],
    exclude: ['black ~3 (iron|tablets|ferrous) ~6 (usual|always|normal|expected)'] },
  { id: 'dizzy', settles: true, patterns: ['(dizz*|lightheaded|light headed|woozy|giddy|faint|fainty|vertigo)', 'room ~2 spinning|spins'] },
  { id: 'coughing-blood', patterns: ['cough*|coughing ~3 up ~2 blood', 'blood ~3 (when|while) ~2 cough*', 'blood ~2 (in|from) ~2 (phlegm|sputum|spit|mucus)', 'haemoptysis|hemoptysis'] },

  { id: 'allergy-swelling', patterns: ['(lips|lip|tongue|throat|mouth) ~3 (swell*|swollen|puff*|closing|tight|tightening|thick|big|huge)', '(swell*|swollen|puffy|puffed) ~3 (lips|lip|tongue|throat)',
    'throat ~5 (closing|closing up|tight|tightening)', 'anaphyla*|anaphylactic'],
    exclude: ['sore ~1 throat', 'lip ~3 (cold sore|bit|bitten|split|cracked|dentist|filler)', 'throat ~3 (infection|sore|dry|tickly|tickle|mucus)'] },
  { id: 'wheeze', patterns: ['wheez*|wheeze|wheezy'] },
  { id: 'face-swelling', patterns: ['face|eyes|eyelids ~3 (swell*|swollen|puff*|puffed|blew up|blown up|ballooned)', '(swell*|swollen|puffy|puffed) ~2 (face|eyes|eyelids)'] },
  { id: 'swallowing-difficulty', patterns: ['(can not|cant|could not|unable to|struggling to|trouble|difficulty|hard to) ~1 (swallow|swallowing|swallowed)'],
    exclude: ['@tablets|capsule|capsules|binder|binders|calcichew ~4 swallow*', 'swallow* ~4 @tablets|capsule|capsules|binder|binders'] },
  { id: 'hives', patterns: ['(hives|urticaria|welts|wheals|nettle rash)', 'rash ~3 (all over|spreading|everywhere)', '(came|come|coming|broke|broken) out in ~2 (rash|hives|lumps|spots|blotches)', '(itchy|raised|lumpy) rash'] },
  { id: 'allergy-trigger', patterns: ['allerg*', 'reaction|reacting|reacted', 'iron ~1 infusion|injection|drip|transfusion', 'venofer|ferinject|monofer|cosmofer',
    '(after|since|started|new) ~3 (infusion|injection|new medicine|new tablet|new tablets|new drug|new medication|antibiotic|antibiotics|penicillin)', '(epipen|epi pen|adrenaline|epinephrine)'],
    exclude: ['(reaction|reacting|reacted) ~3 (news|diagnosis|letter|results|family)'] },

  { id: 'fever', patterns: ['fever*|feverish|febrile|pyrexi*', '(high|a|raised|running a|got a|have a|with a) ~1 (temp|temperature)',
    'temp|temps|temperature|thermometer ~4 #38-43.9', 'temp|temps|temperature|thermometer ~4 #100.4-110',
    '#38-43.9 ~1 c|degrees|deg|celsius|centigrade', '#100.4-110 ~1 f|fahrenheit', 'hot and cold', 'burning up', 'sweats ~2 (and|with) ~2 (chills|shivers|shivering)'],
    exclude: ['temp|temps|temperature|thermometer ~4 #30-37.9', 'temp|temps|temperature|thermometer ~4 #80-100.3',
      '(hay fever|glandular fever|fever tree)', '(room|water|body|fridge|bath|normal|low) ~1 temp*', 'temp* ~2 (normal|fine|ok|okay) ', 'temp ~1 (job|work|worker|agency|staff)'] },
  { id: 'rigors', patterns: ['rigor|rigors|rigour|rigours', '(shiver*|chills|the shakes)', 'shaking ~2 (uncontrollably|violently|like a leaf)', 'teeth ~2 chattering', 'can not stop shaking', 'cold sweat*'],
    exclude: ['sends ~1 shivers', 'shivers ~2 (down|up) ~2 (spine|back)', 'chills ~2 (out|me out)'] },
  { id: 'mottled', patterns: ['mottl*|blotchy|blotches|marbled', '(skin|legs|knees|arms) ~3 (purple|blue|grey|gray|patchy|blotchy)', 'rash ~4 (not fade|does not fade|will not fade|not go away when|glass)'],
    exclude: ['(always|for years|for months) ~3 (blotchy|mottled)'] },
  { id: 'rash-nonblanching', patterns: ['rash ~4 (does not fade|will not fade|not fade|not go away when)', 'rash ~6 glass', 'non blanching'] },
  { id: 'sepsis-feel', patterns: ['feel|feels|felt|feeling ~2 like ~4 (die|dying|going to die|gonna die)', 'think|feel ~1 (i am|he is|she is) dying', 'think|feel|felt ~3 (going to die|gonna die|about to die)', 'something ~2 (seriously|really|very|badly|terribly) wrong',
    'never ~2 felt ~2 (this ill|so ill|this unwell|so unwell|this bad|so bad)', 'worst ~2 (i have ever felt|ive ever felt|i have felt)'],
    exclude: ['dying ~1 (to|for) ~2', 'feel like ~3 (dying|die) ~3 (laughing|embarrassment|shame|boredom|inside)'] },
  { id: 'breathing-fast', patterns: ['breathing ~3 (fast|quick|quickly|rapid|rapidly|hard and fast)', '(fast|rapid|quick) ~1 breathing', 'panting'] },

  { id: 'hypo', settles: true, patterns: ['hypo|hypos|hypoglyc*|hypoglycemia', '(blood sugar|blood sugars|sugar|sugars|glucose|bm|bms|bg|levels|sugar level|sugar levels) ~3 (low|dropped|dropping|crashed|crashing|#0.5-3.9)',
    'low ~1 (blood sugar|blood sugars|sugar|sugars|glucose)'],
    exclude: ['(bit|slightly|little|tad) ~1 low', 'low|hypo ~4 #4-40', '(sugar|salt|fat) ~1 low ~2 (diet|food|drinks|foods|squash|version)', 'low sugar (drinks|diet|squash|jam|version)', 'hypo ~3 (kit|box|treatment plan|card)'] },
  { id: 'hypo-unresponsive', patterns: ['(not|will not|is not|are not) ~2 (coming|going|come|go) ~1 up', 'still ~2 low ~4 (after|despite)', 'still ~3 #0.5-3.9', '(after|despite) ~5 (glucose|dextrose|sweets|juice|jelly babies|lucozade|sugar|glucogel|hypostop|tablets|biscuits) ~4 still',
    'not ~2 (responding|better|improving|rising|budging) ~5 (glucose|sugar|sweets|juice|treatment|dextrose)'] },
  { id: 'cannot-pass-urine', patterns: ['(can not|could not|unable to|not able to|not been able to) ~3 (pass|do|have|go for) ~2 (urine|water|a wee|a pee|wee|pee|anything)', '(can not|could not|unable to|not able to|not been able to) ~2 (pee|wee|urinate|go to the toilet|pass urine|pass water|do a wee|have a wee)',
    '(have not|has not|not|had not) ~2 (peed|weed|urinated|passed urine|passed water|passed any urine|been for a wee|been for a pee) ~3 (since|all day|for|in #)', 'no urine ~3 (since|all day|for|today)',
    'stopped ~2 (peeing|weeing|passing urine|urinating|making urine)'] },
  { id: 'lower-belly-pain', patterns: ['[lower|bottom of my] @tummy|bladder|pelvis|groin ~4 (swollen|swelling|bloated|distended|pain|painful|hurts|agony|tight|full|bursting|aching|sore|rock hard|hard)', 'bursting|desperate ~3 pee|wee|toilet|go',
    'bladder ~3 (full|bursting|swollen)'] },

  // ------------------------------------------------------------ same-day signs
  { id: 'thrill-lost', patterns: ['(no|lost|lost the|lost my|lost its|without) ~1 thrill|buzz|bruit|vibration|whoosh|purr|purring|hum|humming|buzzing|thrum',
    '(not|stopped|stop|stops|isnt|no longer) ~1 buzzing|vibrating|whooshing|purring|humming|pulsing|thrilling|buzz',
    'can|could not ~2 feel|hear ~2 @access', 'not ~4 (buzzing|vibrating|whooshing|pulsing|purring|humming|thrilling)', '(buzz|buzzing|thrill|vibration|whoosh|bruit|hum|purr) ~3 not ~2 (as strong|as much|as loud|as good|the same|like usual|normal|there)', 'can|could not ~2 feel|hear ~3 thrill|buzz|buzzing|bruit|vibration|vibrating|whoosh|pulse|purr|hum|humming|anything',
    'thrill|buzz|bruit|vibration|whoosh|buzzing|purr|hum|humming|pulse ~5 (gone|stopped|disappeared|vanished|went|missing|absent|not there|quiet|silent|is not there)',
    'thrill|buzz|bruit|vibration|whoosh|buzzing|purr|hum|pulse ~5 (weak|weaker|fainter|faint|quieter|less|reduced|different|softer|not as strong|barely there)',
    'weak|weaker|faint|fainter|quieter|reduced|less|softer|barely ~2 thrill|buzz|bruit|vibration|whoosh|buzzing|pulse',
    '@access ~3 (stopped working|not working|blocked|clotted|clot|clotting|feels dead|dead|quiet|silent|has stopped|failed|failing|packed up)', 'clot* ~3 @access', '@access ~3 clot*'],
    exclude: ['(no|little) thrill (in|about|from) (going|doing|life|it|that|this)', 'pulse ~3 (oximeter|check|rate)', 'weak ~2 pulse ~3 (wrist|foot)'] },
  { id: 'access-hard', patterns: ['@access|vein|veins ~4 (hard|rock hard|cord*|firm|lumpy|solid|tense)', '(hard|firm) ~3 (lump|swelling|lumps) ~4 @access|needle',
    '@access|needle ~5 (lump|swelling) ~3 (growing|getting bigger|bigger|fast|quickly)'], exclude: ['hard ~1 to (find|needle|cannulate|get into)'] },
  { id: 'access-pain', patterns: ['@access ~4 (pain|painful|hurts|hurting|tender|agony|throbbing|aching|agonising)', '(pain|painful|hurts|tender|throbbing) ~4 @access'],
    exclude: ['(bit|slightly|little|mildly|mild) ~2 (sore|pain|painful|tender|achy)', '(after|from) ~2 (needling|needles|cannulation|dialysis|surgery|the op|operation)', 'needles ~3 (hurt|painful|pain)'] },
  { id: 'access-infection', patterns: [`${ACCESS_PLACE} ~5 red|redness|hot|warm|swollen|pus|puss|oozing|discharge|discharging|weeping|leaking|infected|infection|smelly|smells|angry|inflamed|crusty|gunk|yellow|green`,
    `red|redness|hot|swollen|pus|infected|inflamed|weeping|discharge|infection ~5 ${ACCESS_PLACE}`],
    exclude: ['(red|hot|warm) ~2 (line|lines) ~2 (bus|tube|train|flag)', '@line ~2 (of|in) (work|the leaflet|the letter)', 'tunnel ~2 (vision|bus)'] },
  { id: 'wound-problem', patterns: ['wound|scar|incision|stitches|staples ~4 (red|leaking|oozing|pus|open|opened|infected|weeping|discharge|gaping|hot|smelly)', '(red|leaking|oozing|infected|weeping) ~3 (wound|scar|incision)'] },
  { id: 'aneurysm-risk', patterns: ['(@access|aneurysm*|aneurism*|anurysm*|bulge|bulges|bulging|bump|lump|balloon*|needle site|needling site) ~8 (thin|shiny|stretched|see through|translucent|scab|scabs|scabby|oozing|ooze|oozes|weeping|ulcer|ulcers|not healing|wont heal|will not heal|growing fast|getting bigger|white patch)',
    '(thin|shiny|stretched|scab|scabs|scabby|translucent) ~8 (@access|aneurysm*|aneurism*|bulge|bump|lump|needle site)', 'aneurysm*|aneurism*|anurysm* ~4 (growing|bigger|getting bigger|tight|painful)'],
    exclude: ['(bigger|grown|growing|getting bigger) ~4 (over the years|for years|for months|slowly|gradually|over time)'] },
  { id: 'skin-at-risk', patterns: ['skin ~4 (thin|shiny|tight|stretched|see through|translucent|papery|white)', '(thin|shiny|stretched|papery) ~2 skin', 'scab|scabs ~6 (ooz*|weep*|bleed*|not healing|wont heal|will not heal|keeps coming off|falls off|fell off)',
    '(lump|swelling|bulge|bump|aneurysm*) ~6 (grown|growing|got bigger|getting bigger|doubled|expanding|grew)'],
    exclude: ['(bigger|grown|growing|getting bigger|grew) ~4 (over the years|for years|for months|slowly|gradually|over time)', 'skin ~4 (looks|is|feels) (normal|fine|ok|okay)'] },
  { id: 'hand-cold', patterns: ['@hand ~6 (cold|freezing|icy|white|pale|blue|purple|numb|dead|painful|pain|hurts|hurting|ache|aching|dusky|mottled)', '(cold|white|blue|numb|purple|pale|painful|icy|dusky) ~2 @hand'],
    exclude: ['@hand ~3 cold ~3 (weather|winter|outside|always|normally|usually)'] },
  { id: 'fingertip-spots', patterns: ['(dark|black|purple|blue) ~2 (spot|spots|patch|patches|marks|tips|areas) ~4 (finger*|fingertip*|thumb)', '(finger|fingers|fingertip|fingertips|thumb) ~7 (black|blackened|dark spots|ulcer|ulcers|going black|turning black|sores|dead skin)',
    '(black|blackened|dusky) (finger|fingers|fingertip|fingertips)'] },
  { id: 'pd-cloudy', patterns: ['@pdFluid|pd ~4 (cloudy|cloud|hazy|milky|murky|turbid|unclear|not clear|not see through|like milk|like dishwater|like skimmed milk|fibrin|stringy|strings|bits)', '(cloudy|hazy|milky|murky|turbid) ~3 @pdFluid'],
    exclude: ['(cloudy|hazy) ~3 (urine|pee|wee|day|weather|sky|head|memory)'] },
  { id: 'abdominal-pain', patterns: ['@tummy ~3 @pain|cramps|cramp|agony|tender', '@pain ~3 (in|on|around) ~2 @tummy', 'abdominal pain', '(tummy ache|bellyache|stomach ache|stomachache|belly ache)'] },
  { id: 'tube-problem', patterns: ['(tube|tubing|line|catheter|transfer set|set|cap|connector|clamp) ~4 (cut|split|hole|holed|leak*|disconnect*|came off|came apart|fell off|contaminat*|cracked|torn|snapped|broke|broken|damaged|touched|dropped)',
    '(hole|holes|crack|cracked|split|leak|leaking|chewed|bitten|nibbled|snagged|ripped|punctured|pierced) ~4 (tube|tubing|transfer set|connector|line|catheter|extension)', '(disconnected|contaminated|touched|dropped|cut|split|snipped|punctured|nicked) ~4 (tube|tubing|transfer set|connector|cap|the end|the tip|line|catheter)'] },
  { id: 'peritonitis', patterns: ['peritonitis'] },
  { id: 'graft-pain', patterns: ['(transplant|new kidney|kidney|graft|transplanted kidney|donor kidney) ~4 (pain|painful|tender|sore|hurts|hurting|swollen|aching|ache|tenderness)', '(pain|tender|sore|ache|tenderness|swollen) ~5 (transplant|new kidney|transplanted kidney|donor kidney)'] },
  { id: 'urine-drop', patterns: ['@urinating|@urine|output ~4 (less|much less|a lot less|reduced|dropped|decreased|down|low|very little|hardly anything|barely anything|almost nothing)', '(less|reduced|low|little|hardly any|barely any|no) ~2 @urine',
    '(hardly|barely|not really) ~2 (peeing|weeing|urinating|passing urine|passing water|peed|weed|pee|wee|urinate|passed|passing|going)', '(hardly|barely) ~3 @urine', 'stopped ~2 (peeing|weeing|passing urine|urinating|making urine)'],
    exclude: ['(less|no) ~2 @urine ~3 (infection|infections|test|sample|smell)'] },
  { id: 'urine-very-little', patterns: ['(hardly|barely|scarcely) ~3 (@urine|peed|weed|passed|peeing|weeing|urinated)', '(very little|hardly any|barely any|almost no|no) ~1 @urine', 'not ~2 (peed|weed|urinated|passed urine|passed water|been for a wee|been for a pee)'],
    exclude: ['(no|hardly any|very little) ~2 @urine ~3 (infection|infections|test|sample|smell)'] },
  { id: 'cannot-keep-down', patterns: ['(can not|could not) stop ~2 (being sick|vomiting|throwing up|the diarrhoea|the diarrhea|going to the toilet)','(can not|could not|unable to|not able to|cant) ~2 keep ~4 (down|in)', 'keep|keeps|kept|keeping ~2 (vomiting|being sick|throwing up|spewing|bringing it up|bringing everything up)',
    '(@vomit|throwing up|being sick|throw up|threw up) ~4 (all night|all day|since|non stop|nonstop|constantly|repeatedly|every hour|several times|many times|lots|again and again|over and over|#2-50 times)', '(been|have been|has been) ~2 (vomiting|throwing up|being sick)',
    'everything ~3 (comes|coming|came) ~1 (back up|straight back up|up)', '(severe|bad|terrible|really bad|very bad|heavy|watery|constant|non stop|nonstop|explosive|awful|uncontrollable) ~2 (diarrh*|diarr*|diahr*|diarh*|runs|squits)',
    '(diarrh*|diarr*|diahr*|diarh*|runs|squits) ~4 (all night|all day|since|#3-50 times|non stop|every hour|constantly|can not stop|several times|many times|watery)'],
    exclude: ['keep ~3 (fluids|fluid) ~2 (down|low)', '(keep|keeping) ~2 (it|my fluid|weight|potassium|phosphate|salt|bp|blood pressure) ~1 down'] },
  { id: 'diarrhoea', patterns: ['(diarrh*|diarr*|diahr*|diarh*|diorr*|the runs|squits|loose stools|runny poo|watery poo)'] },
  { id: 'urine-clots', patterns: ['clot|clots|clotting ~4 @urine|@urinating|bladder', '@urine ~4 clot|clots', '@urinating ~3 ~1 clots|clot', '(blood) clots ~2 (when|while|after) ~2 (pee|wee|urinat*|peeing|weeing|toilet)'] },
  { id: 'urine-blood', patterns: ['(blood|bloody|red|pink|dark red|bright red|rose|brown) ~3 @urine', '@urinating ~2 blood', '@urine ~3 (red|pink|bloody|blood|rose|cola|coca cola|brown)', 'haematuria|hematuria'],
    exclude: ['(blood|urine) ~3 (test|tests|sample|samples|results|result|dipstick)', 'microscopic|trace|traces|dipstick ~3 blood', 'blood and urine', 'beetroot ~6 (red|pink)'] },
  { id: 'urinary-pain', patterns: ['(sting*|burn*|pain|painful|hurts|sore) ~4 (pee|wee|urinat*|passing water|peeing|weeing)', '(peeing|weeing|urinating) ~3 (sting*|burn*|hurts|painful)', 'it stings|burns', '(painful|hurts|agony|burns|stings|sore) to (pass|pee|wee|go|urinate)', '(cystitis|uti|water infection|urine infection)'] },
];

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

// ------------------------------------------------------------ context cues (same pattern syntax)
// How each list is used is described in README.md ("Context").
export const CUES = {
  negation: ['no|not|never|without|nor|neither|none|denies|denied|deny|denying',
    '(free of|free from|absence of|negative for|ruled out|no sign of|no signs of|no longer|no more|nothing like)'],
  pseudoNegation: [
    'no|not (better|improving|getting better|improved|easing|settling|settled|stopping|stopped|going away|gone away|helping|sure|certain|only|just|normal|right|well|good|great|any better|any easier|clear|usual|working|responding|answering|waking|breathing|moving|able|eating|drinking|sleeping|passing|peeing|weeing|keeping|making sense|talking|speaking|wanting|feeling well|feeling right|feeling myself|coming up|going up)',
    'no|not (really|much|any|getting|feeling|any) (better|easier|improving|improved|well|right)', 'no ~1 (doubt|idea|matter|change|difference|different|way|energy|appetite|strength|sleep|feeling|sensation|fuss|bother|rush|hurry|one|body|reply|answer)',
    'not|never ~6 (like this|this bad|so bad|as bad|before|worse|so much|this much|felt so|had it so)', 'no|not|never ~6 (until|till)',
    'not ~2 (sure|certain) ~2 (if|whether)', 'do|does|did not know ~1 (if|whether|why|what)',
    'without (getting|feeling|becoming|going|stopping|gasping|needing|being able|having to|pausing|a break|holding|help|support)',
    'can|could not ~1 (stop|tell|remember|get rid|cope|wait|sleep|rest|work|eat|drink|get comfortable|keep)', 'not ~2 (want to make a fuss|want to bother|want to waste|wanting to bother|wanting to make a fuss|want to worry)'],
  negationAfter: ['(is|are|was|were|feels|feel|looks|seems|seem|stayed|been) [all|absolutely|completely|totally|perfectly|quite] (fine|ok|okay|normal|good|great|alright|negative|absent|fine now|normal now)',
    'none|nil|negative', '(not present|not a problem|not an issue|not there)'],
  generalQuestion: ['(normal|common|usual|possible|unusual|typical) (to|for people|for patients|for someone|for anyone|for dialysis|for kidney|for transplant|for you|for pd|for hd)',
    '(do|does|can|could|would|will) (people|patients|someone|anyone|you|dialysis patients|kidney patients|transplant patients|pd patients) ~2 (get|have|develop|experience|suffer|cause|feel|end up)',
    'are|is ~2 (patients|people) ~2 (likely|prone|at risk|more likely)', '(can|could|does|do|will|would|might|may) (dialysis|potassium|ckd|kidney disease|iron|epo|heparin|tacrolimus|too much|low|high) ~3 (cause|make|lead|stop|give|trigger|bring on)',
    'is it true', 'is|are ~4 (a|an) (sign|symptom|cause) of', 'what are the ~2 (signs|symptoms|warning signs|risks|chances|causes)', '(the|warning) (signs|symptoms) of', 'what does ~5 mean',
    'how (do|would|can|will|should) (i|you|we|one|people|someone) ~1 (know|tell|recognise|recognize|spot|notice)',
    '(when|at what point) (should|do|would) (i|we|you|one) ~2 (worry|call|go|ring|seek|contact|be worried|be concerned|phone|come in)'],
  hypotheticalFrame: ['(hypothetically|hypothetical|theoretically|in theory|for future reference)', 'what if', 'what (happens|would happen|will happen) (if|when)', 'suppose|supposing|imagine'],
  conditional: ['if|whether'],
  conditionalAlways: ['(in case|incase|in the event|just in case|should it happen|should this happen)', '(what should i do|what do i do|what to do|what would i do|what can i do|what do we do|what should we do) (when|if)', '(thing|things|steps) to do ~1 (if|when)'],
  conditionalFrame: ['(what|who|where|how) ~4 (should|do|would|can|could|shall|must|to) ~2 (do|call|contact|ring|phone|go|tell|see|ask|speak|get)', 'what to do',
    'should|would|could|will|might (i|we|he|she|you|it|they|my)', 'ever', '(be|being) prepared', '(in|for) [the] future', 'next time', 'how long', 'is it safe', 'do i need to',
    'want to know', 'wondering|wonder|wondered'],
  /** A worry about the future or a general risk, reaching the rest of its comma segment. */
  concern: ['(afraid|scared|frightened|terrified|worried|worry|worrying|anxious|nervous|fear|fearful) ~3 (getting|having|developing|another|i might|i will|i could|it might|it will|it could|in case)',
    'might|could|may', '(can|could|should|may|shall) (i|we) (skip|miss|get|develop)', '(will|would) (i|we|he|she) (feel|get|be|have|develop|need)', 'likely to', 'more likely', 'prone to', 'at risk',
    'can (i|you|we|someone|people) ~1 (get|have|develop|overdose|die)'],
  /** The same, introducing a list that may run on past commas ("watch for fever, pain over the kidney and less urine"). */
  concernList: ['risk|risks|chance|chances|likelihood ~1 of', 'prevent*|avoid* ~1 [getting|having]', 'stop ~1 (getting|having)',
    '(how to|way to|ways to|tips to|tips for|best way to|how do i|how can i|how should i) ~1 (stop|prevent|avoid|treat|handle|manage|deal with|cope with)',
    '(watch|watching|look out|looking out|keep an eye out|check|checking|monitor|monitoring|signs like|symptoms like) ~1 for'],
  /** Already being treated: "antibiotics for my exit site infection". */
  managed: ['(antibiotics|antibiotic|treatment|treated|being treated|on treatment|cream|drops|tablets|medication) (for|of)'],
  pseudoConcern: ['at risk ~2 (right now|now)', '(might|could|may) ~1 (be|have been|need|not)', '(might|could|may) ~3 (now|right now|already)', '(could|can) (feel|see|hear|tell|smell|taste|notice|barely|hardly)'],
  mention: ['(leaflet|leaflets|poster|posters|booklet|pamphlet|handout|website|article|video|documentary|programme|program|factsheet|newsletter|notice) ~6 (says|said|mention*|talk*|explain*|list*|describ*|warn*|about|on|called)',
    '(says|said|mention*|talks about|lists|describes|read about|reading about|heard about|learning about|learnt about|learned about) ~6 (leaflet|leaflets|poster|booklet|pamphlet|handout|website|article|video|documentary|programme|program|factsheet|newsletter)',
    '(school|college|university) ~2 (project|homework|assignment|essay)', 'first aid', '(the word|the term|the phrase)'],
  /** Right after a sign: it is being talked about, not felt ("chest pain is listed as a side effect"). */
  mentionAfter: ['(is|are|was) ~1 (listed|mentioned|described|a side effect|side effects|a known side effect|on the list)', '(is|are) ~1 (a|one of the) ~1 (sign|signs|symptom|symptoms) of'],
  current: ['now|currently|atm|presently|ongoing|still|today|tonight|again', '(in|over|during|for) [the] (past|last) ~1 (week|day|days|hour|hours|few days|couple of days|24 hours|48 hours|night)', '(at the|at this) (moment|minute|time)', 'as i (write|type|am writing|am typing)',
    'this (morning|afternoon|evening|week)', 'last night', 'yesterday', 'since ~1 (this|last|yesterday|today|lunch|lunchtime|breakfast|dinner|tea|teatime|an|a|half|the weekend|the morning|i woke|waking|woke|getting|i got|my last|my dialysis|dialysis|my session|@weekday|about|around)',
    '#1-600 ~1 (@minutes|hour|hours|hr|hrs|day|days) ~1 ago', '(an|a|few|couple of|several|half an|couple) ~1 (@minutes|hour|hours|hr|hrs|day|days) ~1 ago',
    'for ~3 (#1-600|an|a|half|the last|the past|over|about|nearly|almost|around) ~2 (@minutes|hour|hours|hrs|day|days)', 'keep|keeps|kept|keeping ~3 (happening|coming|getting|going)',
    'started|starting|begun|began', '(getting worse|worse and worse|worsening|is happening|is getting)'],
  pastAnchor: ['(since|after|before|following) (my|his|her|the|that)'],
  /** A lasting effect of a past event: "since my stroke I can't lift my arm". */
  sinceEvent: ['(since|after|following) (my|his|her|the) (stroke|strokes|heart attack|op|operation|surgery|fall|accident|amputation|diagnosis|covid|stent|bypass|tia|mini stroke)'],
  pastDistant: ['#1-99 ~1 (years|year|yrs|yr|months|month) ~1 ago', '(a|an|one|two|three|few|couple of|several|many|some) ~1 (years|year|yrs|months|month) ~1 ago',
    'last (year|month|summer|winter|spring|autumn|christmas|easter)', '(in|back in|during|around) #1950-2099', 'back in ~1 (@month|#1950-2099|the day)', 'in [the] @month',
    'when (i|he|she) was (a child|a kid|young|younger|little|a teenager|pregnant|in my|at school|at university)', 'when (i|he|she) was #1-99', '(at|aged) (age)? #1-40 $', 'as a (child|kid|teenager|teen|baby|student)', 'childhood',
    'used to', 'previously', 'in the past $', '(in the past|over the past|in the last|over the last) ~1 (years|year|decade)', 'history of', '(a long time|long time|ages|years) ago', 'years back', 'once before', 'back then', 'at the time',
    '(before|prior to) (my|his|her) (transplant|dialysis)', 'when (i|he|she) ~1 (started|began) ~2 (dialysis|pd|haemo|hemo)'],
  pastRecent: ['last (week|weekend)', '#1-20 ~1 (weeks|week) ~1 ago', '(a|one|few|couple of|several) ~1 (weeks|week) ~1 ago', 'a while (ago|back)', 'the other (day|week|night)', 'once', 'recently',
    'earlier this (year|month)', 'last @weekday', '(last|one|the last) time'],
  resolution: ['(fine|ok|okay|good|great|normal|well|stable|sorted|resolved|better|no problems|no issues|no trouble|nothing) ~2 (since|now)', 'been (fine|ok|okay|good|well)',
    '(was|were|got|been|had it|having it) (treated|investigated|checked|sorted|fixed|cleared|removed|stented|dealt with|operated on|ablated)',
    '(they|doctors|doctor|the team|surgeons|the hospital|hospital|consultant|cardiologist) ~2 (fixed|sorted|treated|cleared|stented|removed|found nothing)', '(got|had) a stent',
    'it ~1 (settled|resolved|cleared|went away|passed)', '(cleared up|clearing up|gone now|has gone|went away|got better|healed|has healed|it was fine|was fine after|fine after|came up|came back up|went up|goes away|go away|wears off|wore off|passes|passed|settles|settled)', 'never ~2 (miss|missed|again|since)', '(sorted|treated|fixed|settled) it', '(working|going) (great|well|fine|ok|okay|normally)', 'back to normal', 'recovered', 'all clear', 'nothing ~2 (found|wrong|serious)',
    'turned out ~2 (fine|ok|nothing)', '(not|never) (happened|had it|come back|returned) ~2 (since|again)', 'everything ~2 (fine|ok|stable|good|normal)'],
  realisation: ['it|this|that|they ~1 (did|has|have|happened|started|came back|is back|are back|returned|began) ~4 (ago|now|today|this morning|this afternoon|this evening|tonight|just|already|again|earlier)',
    '(i|he|she|we) ~2 (had|got|having|have) (it|this|them|that) ~4 (since|for|ago|now|today|tonight|this morning|all day|again)', '(it is|its|this is|that is|they are) ~1 happening ~2 (now|right now|again|already|at the moment)', 'happening [right] now', '(and|which) (i|he|she) (do|does|did|have|has) ~2 (now|right now|at the moment|today)',
    'like (i|he|she) (have|has|do|does) now', 'it just did', 'which is what is happening', 'it ~1 just happened', '(that|this) is what (is|i am|he is|she is) ~1 (happening|having|experiencing|feeling)'],
} as const satisfies Record<string, readonly PatternSource[]>;

// ------------------------------------------------------------ people and small word lists
type WordList = readonly string[];
type GenderMap = Readonly<Record<string, string>>;
type WordListName = 'firstPerson' | 'generic' | 'patientArticles' | 'segmentOnly' | 'possessives' | 'adjectives' | 'prepositions'
  | 'notPatientCues' | 'onBehalfCues' | 'questionStarts' | 'joiners' | 'subjects' | 'concernTerminators' | 'negationTerminators'
  | 'clauseStarters' | 'realWordLookalikes';
export interface ContextWords extends Readonly<Record<WordListName, WordList>> {
  readonly family: GenderMap;
  readonly others: GenderMap;
  readonly thirdPronouns: GenderMap;
}

export const CONTEXT_WORDS: ContextWords = {
  firstPerson: ['i', 'me', 'my', 'mine', 'myself', 'we', 'us', 'our', 'ours', 'ourselves'],
  /** Nobody in particular: a message about "people on dialysis" or "you" is a general question. */
  generic: ['someone', 'somebody', 'anyone', 'anybody', 'people', 'patients', 'person', 'everyone', 'everybody', 'others', 'you', 'your', 'yourself'],
  /** "a patient", "another patient": someone else; "transplant patient, temp 38" is the writer. */
  patientArticles: ['a', 'another', 'other', 'the', 'that', 'this', 'fellow', 'some', 'one'],
  /** Only counts when in the same comma segment as the symptom ("thank you, chest pain since 10"). */
  segmentOnly: ['you', 'your', 'yourself'],
  /** Relatives are assumed to be the patient (a carer writing), unless the sentence says otherwise. m/f/n = gender for he/she. */
  family: {
    husband: 'm', hubby: 'm', wife: 'f', wifey: 'f', partner: 'n', spouse: 'n', mum: 'f', mom: 'f', mother: 'f', mam: 'f', mummy: 'f', mommy: 'f',
    dad: 'm', father: 'm', daddy: 'm', papa: 'm', son: 'm', daughter: 'f', brother: 'm', sister: 'f', grandma: 'f', grandmother: 'f', nan: 'f',
    nana: 'f', nanna: 'f', gran: 'f', granny: 'f', grandad: 'm', granddad: 'm', grandfather: 'm', grandpa: 'm', grandson: 'm', granddaughter: 'f',
    uncle: 'm', aunt: 'f', auntie: 'f', aunty: 'f', niece: 'f', nephew: 'm', cousin: 'n', child: 'n', kid: 'n', boy: 'm', girl: 'f', baby: 'n',
    boyfriend: 'm', girlfriend: 'f', fiance: 'm', fiancee: 'f', stepdad: 'm', stepmum: 'f', stepson: 'm', stepdaughter: 'f',
  },
  /** Anyone else is someone other than the patient, unless the writer says they write for them. */
  others: {
    neighbour: 'n', neighbor: 'n', neighbours: 'n', neighbors: 'n', friend: 'n', friends: 'n', mate: 'n', colleague: 'n', coworker: 'n', boss: 'n',
    man: 'm', woman: 'f', lady: 'f', gentleman: 'm', guy: 'm', bloke: 'm', chap: 'm', fella: 'm', gent: 'm', teacher: 'n', lodger: 'n',
    flatmate: 'n', housemate: 'n', classmate: 'n', stranger: 'n',
  },
  thirdPronouns: { he: 'm', him: 'm', his: 'm', himself: 'm', she: 'f', her: 'f', hers: 'f', herself: 'f' },
  possessives: ['my', 'our', 'his', 'her', 'their', 'your'],
  /** Words that may stand between a possessive and what it owns ("my left arm"). */
  adjectives: ['left', 'right', 'new', 'old', 'own', 'poor', 'little', 'whole', 'upper', 'lower', 'dialysis', 'fistula', 'pd', 'bad', 'good'],
  /** "the man next to me collapsed": "me" after these is not the subject. */
  prepositions: ['to', 'of', 'with', 'beside', 'behind', 'near', 'by', 'for', 'at', 'from', 'next', 'around', 'about', 'like', 'than', 'without',
    'towards', 'toward', 'onto', 'into', 'on', 'in', 'opposite'],
  notPatientCues: [' donat', ' donor', ' is healthy ', ' not a patient', ' not a kidney patient', ' not a renal patient', ' not a dialysis patient', ' is not on dialysis but ', ' does not have kidney', ' no kidney problem', ' kidneys are fine', ' not on dialysis i am', ' not on dialysis but i am', ' i am the patient', ' i am the one on dialysis'],
  onBehalfCues: [' writing for ', ' writing on behalf', ' on behalf of ', ' writing about ', ' asking for ', ' message for ', ' enquiring for ', ' asked me to ',
    ' wants me to ', ' wanted me to ', ' carer ', ' care for ', ' caring for ', ' look after ', ' looking after ', ' i am his ', ' i am her '],
  /** A question starting so, with no I/me/my in it, asks in general ("Can dialysis cause seizures?"). */
  questionStarts: ['is', 'are', 'can', 'could', 'does', 'do', 'will', 'would', 'should', 'might', 'may'],
  /** A new subject after these words does not end an "if" clause. */
  joiners: ['and', 'or', 'after', 'before', 'when', 'because', 'while', 'until', 'till', 'so', 'that', 'as', 'once', 'cos', 'whenever', 'where', 'which', 'who', 'if'],
  subjects: ['i', 'he', 'she', 'we', 'they', 'my', 'his', 'her', 'our', 'their', 'it'],
  /** Words that end the reach of a concern cue ("might", "risk of"). */
  concernTerminators: ['but', 'however', 'although', 'though', 'except', 'apart', 'which', 'who', 'whereas', 'while', 'because', 'cos', 'since', 'now', 'still',
    'just', 'until', 'so', 'then', 'also', 'plus', 'otherwise', 'instead', 'rather'],
  negationTerminators: ['but', 'however', 'although', 'though', 'except', 'apart', 'and', 'still', 'which', 'who', 'whereas', 'while', 'just', 'only', 'more',
    'rather', 'instead', 'because', 'cos', 'since', 'now', 'i', 'he', 'she', 'we', 'they', 'you', 'otherwise', 'until', 'besides', 'plus', 'also', 'so', 'then'],
  clauseStarters: ['i', 'he', 'she', 'we', 'they', 'it', 'my', 'his', 'her', 'our', 'their', 'is', 'am', 'are', 'was', 'were', 'has', 'have', 'had', 'feel', 'feels',
    'felt', 'got', 'get', 'gets', 'keep', 'keeps', 'started', 'starts', 'been', 'can', 'could', 'do', 'does', 'did', 'will', 'would', 'there', 'now', 'also', 'just'],
  /** Real words one letter away from a lexicon word: never read as typos. */
  realWordLookalikes: ['slipped', 'slipping', 'smelling', 'smelled', 'spelling', 'selling', 'telling', 'filling', 'willing', 'shelling', 'yelling', 'dwelling',
    'breeding', 'pleading', 'bleating', 'kissing', 'sitting', 'biting', 'dropping'],
};
