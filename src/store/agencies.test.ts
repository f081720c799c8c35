import { describe, it, expect } from 'vitest';
import { agencyFacts, divisionsOf } from './agencies.js';

describe('what an agency\'s name tells', () => {
  it.each([
    ['淮安市洪泽区人民政府', ['淮安市', '洪泽区']],
    ['淮安市人民政府', ['淮安市']],
    ['沭阳县发展和改革局', ['沭阳县']],
    ['宝清县小城子镇人民政府', ['宝清县', '小城子镇']],
    ['深圳市南山区粤海街道办事处', ['深圳市', '南山区', '粤海街道']],
    ['广西壮族自治区人民政府', ['广西壮族自治区']],
    ['淮安市住房和城乡建设局', ['淮安市']],
    ['淮安市城市管理局', ['淮安市']],
    ['淮安市市场监督管理局', ['淮安市']],
    ['沛县人民政府', ['沛县']],
    ['国务院办公厅', []],
  ])('%s → %j', (name, divisions) => {
    expect(divisionsOf(name)).toEqual(divisions);
  });

  it('gives level, region and the region one up', () => {
    expect(agencyFacts('淮安市洪泽区人民政府')).toEqual({ name: '淮安市洪泽区人民政府', level: 'county', region: '淮安市洪泽区', parentRegion: '淮安市' });
    expect(agencyFacts('小峡镇人民政府')).toEqual({ name: '小峡镇人民政府', level: 'township', region: '小峡镇', parentRegion: null });
    expect(agencyFacts('国务院办公厅')).toMatchObject({ region: null, parentRegion: null });
  });
});
