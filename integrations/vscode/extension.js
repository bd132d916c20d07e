// Starts `rightfit lsp` for templates (YAML/JSON), Terraform/HCL, Dockerfiles and Lambda
// handlers (Python, JavaScript/TypeScript, C/C++). The server does the work; this only tells
// VS Code which files it serves and how to start it.
'use strict';
const vscode = require('vscode');
const { LanguageClient, TransportKind } = require('vscode-languageclient/node');
const manifest = require('./package.json');

// The languages served are the ones that activate the extension (package.json), one list.
const languages = manifest.activationEvents
  .filter((event) => event.startsWith('onLanguage:'))
  .map((event) => event.slice('onLanguage:'.length));

let client;

function activate(context) {
  const command = vscode.workspace.getConfiguration('rightfit').get('path', 'rightfit');
  const serverOptions = { command, args: ['lsp'], transport: TransportKind.stdio };
  const clientOptions = {
    documentSelector: [
      ...languages.map((language) => ({ scheme: 'file', language })),
      // Without a Terraform extension VS Code knows no language for these.
      { scheme: 'file', pattern: '**/*.{template,tf,tfvars}' },
    ],
    synchronize: {
      // Files changed outside the editor (git checkout, a generator) are re-read.
      fileEvents: vscode.workspace.createFileSystemWatcher(
        '**/{*.yaml,*.yml,*.json,*.template,*.tf,*.tfvars,*.hcl,Dockerfile*,Containerfile,' +
          '*.py,*.js,*.mjs,*.cjs,*.jsx,*.ts,*.mts,*.cts,*.tsx,*.cpp,*.cc,*.cxx,*.c,*.h,*.hpp}'),
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
