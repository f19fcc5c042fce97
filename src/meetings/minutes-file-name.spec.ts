import { minutesFileName } from './minutes-file-name.js';

describe('minutesFileName', () => {
  const startsAt = new Date('2026-12-03T02:00:00Z');

  it('is the kind, the meeting day and its title', () => {
    expect(minutesFileName({ title: 'Progress meeting', startsAt }, 'Minutes', 'pdf')).toBe(
      'Minutes 2026-12-03 Progress meeting.pdf',
    );
    expect(minutesFileName({ title: 'Progress meeting', startsAt }, 'Erratum', 'pdf')).toBe(
      'Erratum 2026-12-03 Progress meeting.pdf',
    );
    expect(minutesFileName({ title: 'Progress meeting', startsAt }, 'Minutes', 'pdf', true)).toBe(
      'Minutes 2026-12-03 Progress meeting (draft).pdf',
    );
  });

  it("takes the day in Phnom Penh: a meeting at 08:00 there on the 4th is the 4th's", () => {
    expect(
      minutesFileName({ title: 'x', startsAt: new Date('2026-12-04T01:00:00Z') }, 'Minutes', 'html'),
    ).toBe('Minutes 2026-12-04 x.html');
  });

  it('keeps Khmer, drops what no file system takes, and shortens a long title', () => {
    expect(minutesFileName({ title: 'កិច្ចប្រជុំ: ថវិកា / ផែនការ "២០២៧"?', startsAt }, 'Minutes', 'pdf')).toBe(
      'កំណត់ហេតុ 2026-12-03 កិច្ចប្រជុំ ថវិកា ផែនការ ២០២៧.pdf',
    );
    const long = minutesFileName({ title: 'ក'.repeat(300), startsAt }, 'Minutes', 'pdf');
    expect(long).toBe(`កំណត់ហេតុ 2026-12-03 ${'ក'.repeat(120)}.pdf`);
  });

  it("names a Khmer meeting's record in Khmer, and an English one's in English", () => {
    const km = { title: 'កិច្ចប្រជុំប្រចាំខែ', startsAt };
    expect(minutesFileName(km, 'Erratum', 'pdf')).toBe('កំណែតម្រូវ 2026-12-03 កិច្ចប្រជុំប្រចាំខែ.pdf');
    expect(minutesFileName(km, 'Minutes', 'pdf', true)).toBe(
      'កំណត់ហេតុ 2026-12-03 កិច្ចប្រជុំប្រចាំខែ (សេចក្តីព្រាង).pdf',
    );
    // A Latin title with a Khmer word in it is a Khmer title.
    expect(minutesFileName({ title: 'ICT ប្រជុំ', startsAt }, 'Minutes', 'pdf')).toBe(
      'កំណត់ហេតុ 2026-12-03 ICT ប្រជុំ.pdf',
    );
  });

  it('gives the Khmer title of a meeting titled in both languages, the English one of a meeting without', () => {
    const both = { title: 'Progress meeting', titleKm: 'កិច្ចប្រជុំវឌ្ឍនភាព', startsAt };
    expect(minutesFileName(both, 'Minutes', 'pdf')).toBe('កំណត់ហេតុ 2026-12-03 កិច្ចប្រជុំវឌ្ឍនភាព.pdf');
    expect(minutesFileName({ ...both, titleKm: null }, 'Minutes', 'pdf')).toBe(
      'Minutes 2026-12-03 Progress meeting.pdf',
    );
    expect(minutesFileName({ ...both, titleKm: '  ' }, 'Minutes', 'pdf')).toBe(
      'Minutes 2026-12-03 Progress meeting.pdf',
    );
  });
});
