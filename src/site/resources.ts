// The resource sections linked from the header and the home page. Each is written here as
// data: the words a person reads first, and which articles belong to it (by tag or topic).

export interface Resource {
  /** The last part of the address: /resources/<slug>. */
  readonly slug: string;
  readonly title: string;
  /** Link text in navigation and on the home page. */
  readonly label: string;
  /** One line for the home page card and the page description. */
  readonly teaser: string;
  readonly intro: readonly string[];
  /** Numbered steps, where the section explains how to do something. */
  readonly steps?: { readonly heading: string; readonly items: readonly string[] };
  /** Shown before the list of articles (when there are any). */
  readonly articlesHeading: string;
  /** The closing call to ask an expert. */
  readonly askHeading: string;
  readonly askText: string;
  /** A tool that belongs to the section, shown before its articles. */
  readonly tool?: { readonly href: string; readonly title: string; readonly text: string };
  /** Remind readers that online questions are not for emergencies. */
  readonly emergencyNote?: boolean;
  /** Articles with any of these tags belong here... */
  readonly tags: readonly string[];
  /** ...and so do articles in these topics (category paths) or below them. */
  readonly categoryPaths: readonly string[];
}

export const RESOURCES: readonly Resource[] = [
  {
    slug: 'creatinine',
    title: 'Creatinine and kidney function tests',
    label: 'Creatinine',
    teaser: 'What creatinine, eGFR and urine tests say about how well your kidneys work.',
    intro: [
      'Creatinine is a waste product your muscles make every day. Healthy kidneys filter it out of the blood and into the urine, so the amount left in your blood is one of the simplest signs of how well your kidneys are working.',
      'Your team usually turns a creatinine result into an estimate of kidney function called eGFR, which also takes your age into account. Creatinine depends on muscle too: a very muscular person can have a higher level with healthy kidneys, and someone with little muscle a lower one.',
      'One result on its own matters less than the trend over months. Small ups and downs are normal; a steady rise or a sudden jump is worth talking through with your kidney team.',
    ],
    tool: {
      href: '/tools/egfr',
      title: 'Work out your eGFR',
      text: 'Enter a creatinine result, your age and sex to see your estimated kidney function, what its stage usually means, and the result in both mg/dL and µmol/L.',
    },
    articlesHeading: 'Articles about kidney function tests',
    askHeading: 'Questions about your results?',
    askText: 'Our kidney experts can explain what your numbers mean, in private and in plain language.',
    tags: ['creatinine', 'egfr', 'kidney function', 'ckd stages', 'blood tests', 'urine tests'],
    categoryPaths: ['kidney-disease/tests'],
  },
  {
    slug: 'treatment',
    title: 'Choosing a treatment for kidney failure',
    label: 'Treatment',
    teaser: 'Dialysis at a unit or at home, a transplant, or care without dialysis: how the options compare.',
    intro: [
      'When your kidneys can no longer keep you well, there is more than one way forward. Haemodialysis cleans your blood through a machine, at a dialysis unit or at home. Peritoneal dialysis uses the lining of your tummy as a filter and is done at home, often overnight. A kidney transplant can come from a living or a deceased donor. Conservative care treats symptoms and supports you without dialysis.',
      'No option suits everyone. The right choice depends on your health, your daily life and what matters most to you, and many people change treatment over the years. The articles below explain each option so you can talk it through with your kidney team and the people close to you.',
    ],
    articlesHeading: 'Articles about treatment choices',
    askHeading: 'Weighing up your options?',
    askText: 'Our kidney experts can talk you through what each treatment would mean for your daily life.',
    tags: ['treatment options', 'transplant', 'home dialysis', 'home haemodialysis', 'peritoneal dialysis', 'conservative care', 'supportive care'],
    categoryPaths: ['treatment-choices'],
  },
  {
    slug: 'experts',
    title: 'Ask our kidney experts',
    label: 'Experts',
    teaser: 'Kidney nurses, dietitians and doctors who answer your questions in plain language.',
    intro: [
      'Our experts are kidney nurses, dietitians and doctors who work with people living with kidney disease every day. They can explain a test result, what a treatment involves, or how to manage diet and fluids, and help you prepare questions for your next appointment.',
      'They answer in writing and in private, so you can read the reply in your own time and share it with your family if you wish. They cannot examine you, change your prescriptions or replace your own kidney team, and they cannot help in an emergency.',
    ],
    steps: {
      heading: 'How to ask',
      items: [
        'Search the knowledge base first: your answer may already be there.',
        'Ask your question in your own words. Tell us anything that helps, such as your treatment and recent results.',
        'An expert reads your question and writes back privately.',
        'If something is still unclear, ask a follow-up question in the same conversation.',
      ],
    },
    tool: {
      href: '/experts',
      title: 'Meet our experts',
      text: 'See who answers your questions and reviews our articles: their roles, credentials and specialties.',
    },
    articlesHeading: '',
    askHeading: 'Ready to ask?',
    askText: 'Write your question in your own words. It only takes a few minutes.',
    emergencyNote: true,
    tags: [],
    categoryPaths: [],
  },
];
