'use strict';
const { S3Client } = require('@aws-sdk/client-s3');
const s3 = new S3Client({});

exports.handler = async (event) => {
  for (const record of event.Records) {
    await s3.send(record);
  }
  return { statusCode: 200 };
};
