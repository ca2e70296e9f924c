// Spelling help and word classes for the red-flag lexicon, data only: misspellings are read by
// triage-tokens.ts, word classes (`@class` in a pattern) by triage-patterns.ts.

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
