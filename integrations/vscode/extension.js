// Starts `rightfit lsp` for CloudFormation/SAM, Terraform and Dockerfiles. The server does
// the work; this only tells VS Code which files it serves and how to start it.
'use strict';
const vscode = require('vscode');
const { LanguageClient, TransportKind } = require('vscode-languageclient/node');

let client;

function activate(context) {
  const command = vscode.workspace.getConfiguration('rightfit').get('path', 'rightfit');
  const serverOptions = { command, args: ['lsp'], transport: TransportKind.stdio };
  const clientOptions = {
    documentSelector: [
      { scheme: 'file', language: 'yaml' },
      { scheme: 'file', language: 'json' },
      { scheme: 'file', language: 'terraform' },
      { scheme: 'file', language: 'dockerfile' },
      { scheme: 'file', pattern: '**/*.{template,tf,tfvars}' },
    ],
    synchronize: {
      // Files changed outside the editor (git checkout, a generator) are re-read.
      fileEvents: vscode.workspace.createFileSystemWatcher(
        '**/{*.yaml,*.yml,*.json,*.template,*.tf,*.tfvars,Dockerfile*,Containerfile}'),
    },
  };
  client = new LanguageClient('rightfit', 'rightfit', serverOptions, clientOptions);
  context.subscriptions.push(client);
  return client.start();
}

function deactivate() {
  return client ? client.stop() : undefined;
}

module.exports = { activate, deactivate };
