import { readFileSync } from 'node:fs';
import { printSchema as printFederationSchema, Supergraph } from '@apollo/federation-internals';
import {
  buildSchema,
  isEnumType,
  isInputObjectType,
  isInterfaceType,
  isObjectType,
  isScalarType,
  isSpecifiedScalarType,
  isUnionType,
  printSchema,
  type GraphQLNamedType,
} from 'graphql';
import { describe, expect, it } from 'vitest';

/** The API schema clients see: the supergraph without federation's own types. */
function apiSchema() {
  // Through SDL: federation-internals carries its own copy of graphql-js.
  return buildSchema(printFederationSchema(Supergraph.build(readFileSync('supergraph.graphql', 'utf8')).apiSchema()));
}

const isOwnType = (type: GraphQLNamedType) =>
  !type.name.startsWith('__') && !(isScalarType(type) && isSpecifiedScalarType(type));

describe('the API schema the IDE shows', () => {
  it('describes every type and every field, argument and enum value', () => {
    const schema = apiSchema();
    const undescribed: string[] = [];
    for (const type of Object.values(schema.getTypeMap()).filter(isOwnType)) {
      if (!type.description?.trim() && type.name !== 'Query') undescribed.push(type.name);
      if (isObjectType(type) || isInterfaceType(type) || isInputObjectType(type)) {
        for (const field of Object.values(type.getFields())) {
          // Key fields repeat the entity's own id fields; the rest must say what they are.
          if (!field.description?.trim() && !['id', 'regionCode', 'year', 'code', 'indicatorId'].includes(field.name))
            undescribed.push(`${type.name}.${field.name}`);
        }
      }
      if (isEnumType(type)) {
        for (const value of type.getValues())
          if (!value.description?.trim() && !/^TW\d$/.test(value.name)) undescribed.push(`${type.name}.${value.name}`);
      }
      if (isUnionType(type)) undescribed.push(`${type.name} (unions are not expected)`);
    }
    expect(undescribed).toEqual([]);
  });

  it('gives the Indonesian term in the descriptions of the root fields and the main types', () => {
    const schema = apiSchema();
    const indonesian = new RegExp(
      '(Kantor Regional|Renja|Rencana|Perbandingan|Katalog|Daftar|Indikator|anggaran|Pagu|Nilai|Nomenklatur|Sel |' +
        'Baris|Ringkasan|Realisasi|Perubahan|pegawai|Jenis|Asal-usul|Catatan|Tingkat|Satuan|Sasaran|Unit|Dimensi|' +
        'Mutasi|Perspektif|Periode|Alasan|Statistik|Total|Provinsi|Kode|Dokumen|Alokasi|Baris|Target|Versi|Wilayah|' +
        'Instansi|Sarana)',
      'i',
    );
    const missing: string[] = [];
    for (const field of Object.values(schema.getQueryType()!.getFields()))
      if (!indonesian.test(field.description ?? '')) missing.push(`Query.${field.name}`);
    for (const type of Object.values(schema.getTypeMap()).filter(isOwnType)) {
      if (type.name !== 'Query' && !indonesian.test(type.description ?? '')) missing.push(type.name);
    }
    expect(missing).toEqual([]);
    expect(printSchema(schema)).not.toContain('join__');
  });
});
