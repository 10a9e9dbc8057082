import { MongoClient } from 'mongodb';
import { afterAll, describe } from 'vitest';
import { describeReadStoreConformance } from './conformance.js';
import { openMongoReadStore } from './mongodb.js';

const url = process.env.MONGO_URL;
const run = `atlas_conformance_${process.pid}_${Date.now().toString(36)}`;
const databases: string[] = [];

if (!url) {
  console.warn(
    [
      '',
      '!'.repeat(100),
      '!!  MongoDB conformance suite SKIPPED: set MONGO_URL=mongodb://localhost:27017/?replicaSet=rs0 (docker compose up mongodb)',
      '!'.repeat(100),
      '',
    ].join('\n'),
  );
}

describe.skipIf(!url)('mongodb', () => {
  // Each store gets its own database, so tests never see each other's collections or checkpoints.
  describeReadStoreConformance('mongodb', async () => {
    const dbName = `${run}_${databases.length}`;
    databases.push(dbName);
    return openMongoReadStore({ url: url!, dbName });
  });

  afterAll(async () => {
    const client = await MongoClient.connect(url!);
    try {
      for (const name of databases) await client.db(name).dropDatabase();
    } finally {
      await client.close();
    }
  });
});
