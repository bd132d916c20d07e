// Writes a SAM template of exactly LINES lines (default 1,000) for the editor-latency bench
// (issue 8: "diagnostics after a change to a 1,000-line template"): an order-processing
// application with many Lambda functions fed by SQS queues and APIs, DynamoDB tables, IAM
// roles, log groups, and an ECS/Fargate service with its task definition. A few properties are
// deliberately wrong so the template has findings (long timeouts, a short visibility timeout).
//
//   node bench/generate_template.mjs OUT.yaml [LINES]
import { writeFileSync } from 'node:fs';

const [out, linesArg] = process.argv.slice(2);
const target = Number(linesArg ?? 1000);
if (!out || !(target >= 200)) {
  console.error('usage: node bench/generate_template.mjs OUT.yaml [LINES >= 200]');
  process.exit(2);
}

const head = `AWSTemplateFormatVersion: '2010-09-09'
Transform: AWS::Serverless-2016-10-31
Description: Order processing - generated for the rightfit editor-latency benchmark

Parameters:
  Stage:
    Type: String
    Default: prod
  ImageUri:
    Type: String
    Default: 123456789012.dkr.ecr.us-east-1.amazonaws.com/orders:latest

Globals:
  Function:
    Runtime: provided.al2023
    Architectures: [arm64]
    MemorySize: 512

Resources:
  Cluster:
    Type: AWS::ECS::Cluster
    Properties:
      ClusterName: !Sub orders-\${Stage}
  TaskDefinition:
    Type: AWS::ECS::TaskDefinition
    Properties:
      Family: orders-worker
      RequiresCompatibilities: [FARGATE]
      NetworkMode: awsvpc
      Cpu: '1024'
      Memory: '2048'
      ContainerDefinitions:
        - Name: worker
          Image: !Ref ImageUri
          Essential: true
          PortMappings:
            - ContainerPort: 8080
  Service:
    Type: AWS::ECS::Service
    Properties:
      Cluster: !Ref Cluster
      LaunchType: FARGATE
      DesiredCount: 2
      TaskDefinition: !Ref TaskDefinition
      NetworkConfiguration:
        AwsvpcConfiguration:
          Subnets: [subnet-0a1b2c3d, subnet-4e5f6a7b]
          AssignPublicIp: DISABLED
  Api:
    Type: AWS::Serverless::Api
    Properties:
      StageName: !Ref Stage
`;

// One unit: a queue, its consumer, an API-facing function, a table, a role and a log group.
// Every fourth consumer has a long timeout (RF104), every fifth queue a short visibility
// timeout (RF106), every sixth API function a timeout past API Gateway's 29 s (RF105).
const unit = (i) => {
  const consumerTimeout = i % 4 === 0 ? 720 : 60;
  const visibility = i % 5 === 0 ? 90 : 6 * consumerTimeout;
  const apiTimeout = i % 6 === 0 ? 45 : 10;
  return `  Queue${i}:
    Type: AWS::SQS::Queue
    Properties:
      QueueName: !Sub orders-\${Stage}-${i}
      VisibilityTimeout: ${visibility}
      MessageRetentionPeriod: 345600
  Consumer${i}:
    Type: AWS::Serverless::Function
    Properties:
      Handler: consumer.handler
      CodeUri: src/consumer${i}/
      Timeout: ${consumerTimeout}
      Role: !GetAtt Role${i}.Arn
      Environment:
        Variables:
          TABLE: !Ref Table${i}
      Events:
        Orders:
          Type: SQS
          Properties:
            Queue: !GetAtt Queue${i}.Arn
            BatchSize: 10
  ApiFunction${i}:
    Type: AWS::Serverless::Function
    Properties:
      Handler: api.handler
      CodeUri: src/api${i}/
      Timeout: ${apiTimeout}
      Environment:
        Variables:
          QUEUE_URL: !Ref Queue${i}
      Events:
        Post:
          Type: Api
          Properties:
            RestApiId: !Ref Api
            Path: /orders/${i}
            Method: post
  Table${i}:
    Type: AWS::DynamoDB::Table
    Properties:
      BillingMode: PAY_PER_REQUEST
      AttributeDefinitions:
        - AttributeName: id
          AttributeType: S
      KeySchema:
        - AttributeName: id
          KeyType: HASH
  Role${i}:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Version: '2012-10-17'
        Statement:
          - Effect: Allow
            Principal:
              Service: lambda.amazonaws.com
            Action: sts:AssumeRole
  Logs${i}:
    Type: AWS::Logs::LogGroup
    Properties:
      LogGroupName: !Sub /aws/lambda/orders-\${Stage}-${i}
      RetentionInDays: 14
`;
};

const count = (text) => text.split('\n').length - 1;
const outputsHeader = '\nOutputs:\n';
const outputs = [];
for (const [name, value] of [['Url', 'Ref Queue'], ['Arn', 'GetAtt Consumer'], ['ApiArn', 'GetAtt ApiFunction']])
  for (let i = 1; i <= 40; ++i) outputs.push(`  Output${name}${i}:\n    Value: !${value}${i}${value.startsWith('GetAtt') ? '.Arn' : ''}\n`);
let body = head;
let units = 0;
// Units while they fit with room for some outputs, then outputs, then comment lines to land on
// the exact count.
const outputsRoom = 24;
while (count(body) + count(unit(units + 1)) + outputsRoom <= target) body += unit(++units);
body += outputsHeader;
for (const o of outputs) {
  if (Number(o.match(/\d+/)[0]) <= units && count(body) + 2 <= target) body += o;
}
while (count(body) < target) body += `# padding ${count(body) + 1}\n`;
writeFileSync(out, body);
console.log(`${out}: ${count(body)} lines, ${units} units (${2 * units} functions, ${units} queues)`);
