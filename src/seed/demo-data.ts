/**
 * The demo ministry: a Ministry of Posts and Telecommunications with its cabinet, general
 * departments, departments and offices, and staff with Khmer and Latin names. Fictional people.
 */
export interface DemoUnit {
  code: string;
  name: string;
  nameKm: string;
  parent?: string;
}

export interface DemoStaff {
  username: string;
  fullName: string;
  fullNameKm: string;
  unit: string;
  post?: { kind: 'head' | 'deputy' | 'member'; title: string; titleKm: string };
  roles?: 'admin'[];
  locale?: 'km' | 'en';
  status?: 'active' | 'retired';
}

export const DEMO_PASSWORD = 'Demo@2026';

export const DEMO_UNITS: DemoUnit[] = [
  { code: 'MPTC', name: 'Ministry of Posts and Telecommunications', nameKm: 'ក្រសួងប្រៃសណីយ៍និងទូរគមនាគមន៍' },
  { code: 'CAB', name: "Minister's Cabinet", nameKm: 'ខុទ្ទកាល័យរដ្ឋមន្ត្រី', parent: 'MPTC' },
  {
    code: 'GDAF',
    name: 'General Department of Administration and Finance',
    nameKm: 'អគ្គនាយកដ្ឋានរដ្ឋបាល និងហិរញ្ញវត្ថុ',
    parent: 'MPTC',
  },
  {
    code: 'DAP',
    name: 'Department of Administration and Personnel',
    nameKm: 'នាយកដ្ឋានរដ្ឋបាល និងបុគ្គលិក',
    parent: 'GDAF',
  },
  { code: 'ADM', name: 'Office of Administration', nameKm: 'ការិយាល័យរដ្ឋបាល', parent: 'DAP' },
  { code: 'FIN', name: 'Department of Finance', nameKm: 'នាយកដ្ឋានហិរញ្ញវត្ថុ', parent: 'GDAF' },
  { code: 'BUD', name: 'Budget Office', nameKm: 'ការិយាល័យថវិកា', parent: 'FIN' },
  { code: 'GDP', name: 'General Department of Posts', nameKm: 'អគ្គនាយកដ្ឋានប្រៃសណីយ៍', parent: 'MPTC' },
  { code: 'PST', name: 'Department of Postal Services', nameKm: 'នាយកដ្ឋានសេវាប្រៃសណីយ៍', parent: 'GDP' },
  {
    code: 'GDT',
    name: 'General Department of Telecommunications',
    nameKm: 'អគ្គនាយកដ្ឋានទូរគមនាគមន៍',
    parent: 'MPTC',
  },
  {
    code: 'ICT',
    name: 'Department of Information and Communication Technology',
    nameKm: 'នាយកដ្ឋានបច្ចេកវិទ្យាព័ត៌មាន និងគមនាគមន៍',
    parent: 'GDT',
  },
  { code: 'SYS', name: 'Office of Information Systems', nameKm: 'ការិយាល័យប្រព័ន្ធព័ត៌មាន', parent: 'ICT' },
  { code: 'DIG', name: 'Office of Digital Services', nameKm: 'ការិយាល័យសេវាឌីជីថល', parent: 'ICT' },
  {
    code: 'TEL',
    name: 'Department of Telecommunications Regulation',
    nameKm: 'នាយកដ្ឋានបទប្បញ្ញត្តិទូរគមនាគមន៍',
    parent: 'GDT',
  },
];

const head = (title: string, titleKm: string) => ({ kind: 'head' as const, title, titleKm });
const deputy = (title: string, titleKm: string) => ({ kind: 'deputy' as const, title, titleKm });

/** The people the walk-throughs in the README use, with their posts. */
export const DEMO_KEY_STAFF: DemoStaff[] = [
  {
    username: 'minister',
    fullName: 'Keo Sovannara',
    fullNameKm: 'កែវ សុវណ្ណារ៉ា',
    unit: 'MPTC',
    post: head('Minister', 'រដ្ឋមន្ត្រី'),
  },
  {
    username: 'sos.heng',
    fullName: 'Heng Bunthoeun',
    fullNameKm: 'ហេង ប៊ុនធឿន',
    unit: 'MPTC',
    post: deputy('Secretary of State', 'រដ្ឋលេខាធិការ'),
  },
  {
    username: 'uss.ly',
    fullName: 'Ly Sophal',
    fullNameKm: 'លី សុផល',
    unit: 'CAB',
    post: head('Undersecretary of State', 'អនុរដ្ឋលេខាធិការ'),
  },
  {
    username: 'gd.telecom',
    fullName: 'Chea Rithy',
    fullNameKm: 'ជា រិទ្ធី',
    unit: 'GDT',
    post: head('Director General of Telecommunications', 'អគ្គនាយកទូរគមនាគមន៍'),
  },
  {
    username: 'dir.ict',
    fullName: 'Meas Visal',
    fullNameKm: 'មាស វិសាល',
    unit: 'ICT',
    post: head('Director of ICT', 'ប្រធាននាយកដ្ឋានបច្ចេកវិទ្យាព័ត៌មាន'),
  },
  {
    username: 'deputy.ict',
    fullName: 'Sam Chenda',
    fullNameKm: 'សំ ចិន្តា',
    unit: 'ICT',
    post: deputy('Deputy Director of ICT', 'អនុប្រធាននាយកដ្ឋានបច្ចេកវិទ្យាព័ត៌មាន'),
  },
  {
    username: 'head.sys',
    fullName: 'Prak Sokha',
    fullNameKm: 'ប្រាក់ សុខា',
    unit: 'SYS',
    post: head('Head of the Office of Information Systems', 'ប្រធានការិយាល័យប្រព័ន្ធព័ត៌មាន'),
  },
  {
    username: 'head.dig',
    fullName: 'Ouk Bopha',
    fullNameKm: 'អ៊ុក បុប្ផា',
    unit: 'DIG',
    post: head('Head of the Office of Digital Services', 'ប្រធានការិយាល័យសេវាឌីជីថល'),
  },
  { username: 'staff.dara', fullName: 'Sok Dara', fullNameKm: 'សុខ ដារ៉ា', unit: 'SYS', locale: 'km' },
  { username: 'staff.sophea', fullName: 'Chan Sophea', fullNameKm: 'ចាន់ សុភា', unit: 'SYS', locale: 'en' },
  {
    username: 'gd.admin',
    fullName: 'Kim Sothea',
    fullNameKm: 'គីម សុធា',
    unit: 'GDAF',
    post: head('Director General of Administration and Finance', 'អគ្គនាយករដ្ឋបាល និងហិរញ្ញវត្ថុ'),
  },
  {
    username: 'dir.fin',
    fullName: 'Seng Kosal',
    fullNameKm: 'សេង កុសល',
    unit: 'FIN',
    post: head('Director of Finance', 'ប្រធាននាយកដ្ឋានហិរញ្ញវត្ថុ'),
  },
  {
    username: 'head.bud',
    fullName: 'Vann Malis',
    fullNameKm: 'វ៉ាន់ ម្លិះ',
    unit: 'BUD',
    post: head('Head of the Budget Office', 'ប្រធានការិយាល័យថវិកា'),
  },
  {
    username: 'dir.dap',
    fullName: 'Pich Narith',
    fullNameKm: 'ពេជ្រ ណារិទ្ធ',
    unit: 'DAP',
    post: head('Director of Administration and Personnel', 'ប្រធាននាយកដ្ឋានរដ្ឋបាល និងបុគ្គលិក'),
  },
  {
    username: 'head.adm',
    fullName: 'Nhem Leakhena',
    fullNameKm: 'ញឹម លក្ខិណា',
    unit: 'ADM',
    post: head('Head of the Office of Administration', 'ប្រធានការិយាល័យរដ្ឋបាល'),
  },
  {
    username: 'gd.posts',
    fullName: 'Heng Vuthy',
    fullNameKm: 'ហេង វុទ្ធី',
    unit: 'GDP',
    post: head('Director General of Posts', 'អគ្គនាយកប្រៃសណីយ៍'),
  },
  {
    username: 'dir.pst',
    fullName: 'Chea Channary',
    fullNameKm: 'ជា ចន្ទនារី',
    unit: 'PST',
    post: head('Director of Postal Services', 'ប្រធាននាយកដ្ឋានសេវាប្រៃសណីយ៍'),
  },
  {
    username: 'dir.tel',
    fullName: 'Ly Samnang',
    fullNameKm: 'លី សំណាង',
    unit: 'TEL',
    post: head('Director of Telecommunications Regulation', 'ប្រធាននាយកដ្ឋានបទប្បញ្ញត្តិទូរគមនាគមន៍'),
  },
  {
    username: 'retired.rotha',
    fullName: 'Keo Rotha',
    fullNameKm: 'កែវ រដ្ឋា',
    unit: 'PST',
    status: 'retired',
  },
  {
    username: 'retired.sovann',
    fullName: 'Meas Sovann',
    fullNameKm: 'មាស សុវណ្ណ',
    unit: 'ADM',
    status: 'retired',
  },
];

const FAMILY: [string, string][] = [
  ['Sok', 'សុខ'],
  ['Chan', 'ចាន់'],
  ['Kim', 'គីម'],
  ['Heng', 'ហេង'],
  ['Ly', 'លី'],
  ['Meas', 'មាស'],
  ['Keo', 'កែវ'],
  ['Chea', 'ជា'],
  ['Sam', 'សំ'],
  ['Prak', 'ប្រាក់'],
  ['Ouk', 'អ៊ុក'],
  ['Seng', 'សេង'],
];
const GIVEN: [string, string][] = [
  ['Dara', 'ដារ៉ា'],
  ['Sophea', 'សុភា'],
  ['Vanna', 'វណ្ណា'],
  ['Sokha', 'សុខា'],
  ['Bopha', 'បុប្ផា'],
  ['Rithy', 'រិទ្ធី'],
  ['Piseth', 'ពិសិដ្ឋ'],
  ['Sreymom', 'ស្រីមុំ'],
  ['Kosal', 'កុសល'],
  ['Sothea', 'សុធា'],
  ['Vuthy', 'វុទ្ធី'],
  ['Samnang', 'សំណាង'],
  ['Rotha', 'រដ្ឋា'],
  ['Sovann', 'សុវណ្ណ'],
  ['Chenda', 'ចិន្តា'],
  ['Narith', 'ណារិទ្ធ'],
];
const STAFF_UNITS = ['SYS', 'DIG', 'ICT', 'TEL', 'PST', 'BUD', 'FIN', 'ADM', 'DAP', 'CAB'];

/** Officials without posts, spread over the units: 40 of them, plus the key staff above. */
export function demoStaff(count = 40): DemoStaff[] {
  const out: DemoStaff[] = [];
  for (let i = 0; i < count; i++) {
    const [fam, famKm] = FAMILY[i % FAMILY.length];
    const [given, givenKm] = GIVEN[(i * 5 + 3) % GIVEN.length];
    out.push({
      username: `official${String(i + 1).padStart(2, '0')}`,
      fullName: `${fam} ${given}`,
      fullNameKm: `${famKm} ${givenKm}`,
      unit: STAFF_UNITS[i % STAFF_UNITS.length],
      locale: i % 4 === 0 ? 'en' : 'km',
      status: i % 9 === 8 ? 'retired' : 'active',
    });
  }
  return out;
}
