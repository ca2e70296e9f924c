// Context cues and people words, data only, read by triage-context.ts (and the tokenizer and
// matcher for a few word lists). Cues use the pattern syntax described in red-flag-concepts.ts.
import type { PatternSource } from './red-flag-concepts.ts';

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
interface ContextWords extends Readonly<Record<WordListName, WordList>> {
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
