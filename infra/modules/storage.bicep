// Storage account shared by both workloads: Table Storage (data model, engine
// auth state), Queue Storage (engine bus, webhook outbox, broadcast ticks), and
// Blob Storage (Functions host bookkeeping + the Flex Consumption deployment
// package container).
//
// Keys are switched off (allowSharedKeyAccess: false). Every caller reaches the
// account with a managed identity and a data-plane role assigned below, so there
// is no connection string with a key anywhere to leak or rotate.

@description('Azure region for the account.')
param location string

@description('Tags applied to the account.')
param tags object = {}

@description('Globally unique storage account name (3-24 lowercase letters and digits).')
@minLength(3)
@maxLength(24)
param name string

@description('Blob container that Flex Consumption reads the function app package from.')
param deploymentContainerName string

@description('Queues created up front. Creating them here (idempotent) means neither the Functions host nor the engine-host polls a queue that does not exist yet on first start. Names must match the queue names in the engine bus contract (ARCHITECTURE.md) and the code constants.')
param queueNames array = [
  'engine-commands'
  'engine-commands-poison'
  'engine-events'
  'webhook-deliveries'
  'broadcast-ticks'
]

@description('Principal ID of the function app identity.')
param functionsPrincipalId string

@description('Principal ID of the engine-host identity.')
param enginePrincipalId string

// Built-in role definition IDs (the same in every tenant).
var roles = {
  blobDataOwner: 'b7e6dc6d-f1e8-4753-8033-0f276bb0955b'
  blobDataContributor: 'ba92f5b4-2d11-453d-a403-e96b0029c9fe'
  queueDataContributor: '974c5e8b-45b9-4653-ba55-5f855dd0fb88'
  tableDataContributor: '0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3'
}

// Who gets what, and why:
// - functions: Blob Data Owner because the Functions host keeps its locks and
//   secrets in blobs and Flex Consumption reads the deployment package with this
//   identity; Queue + Table Data Contributor for the triggers and the app's own
//   Table/Queue clients.
// - engine-host: Queue + Table Data Contributor for the bus and its auth state;
//   Blob Data Contributor (not Owner: it never manages ACLs and never touches the
//   deployment package) so media can be staged in blobs later without a redeploy
//   of the infrastructure.
var assignments = [
  {
    principalId: functionsPrincipalId
    role: roles.blobDataOwner
  }
  {
    principalId: functionsPrincipalId
    role: roles.queueDataContributor
  }
  {
    principalId: functionsPrincipalId
    role: roles.tableDataContributor
  }
  {
    principalId: enginePrincipalId
    role: roles.blobDataContributor
  }
  {
    principalId: enginePrincipalId
    role: roles.queueDataContributor
  }
  {
    principalId: enginePrincipalId
    role: roles.tableDataContributor
  }
]

resource account 'Microsoft.Storage/storageAccounts@2023-05-01' = {
  name: name
  location: location
  tags: tags
  kind: 'StorageV2'
  sku: {
    name: 'Standard_LRS'
  }
  properties: {
    allowSharedKeyAccess: false
    defaultToOAuthAuthentication: true
    allowBlobPublicAccess: false
    minimumTlsVersion: 'TLS1_2'
    supportsHttpsTrafficOnly: true
    publicNetworkAccess: 'Enabled'
    networkAcls: {
      defaultAction: 'Allow'
      bypass: 'AzureServices'
    }
  }
}

resource blobService 'Microsoft.Storage/storageAccounts/blobServices@2023-05-01' = {
  parent: account
  name: 'default'
}

resource deploymentContainer 'Microsoft.Storage/storageAccounts/blobServices/containers@2023-05-01' = {
  parent: blobService
  name: deploymentContainerName
  properties: {
    publicAccess: 'None'
  }
}

resource queueService 'Microsoft.Storage/storageAccounts/queueServices@2023-05-01' = {
  parent: account
  name: 'default'
}

resource queues 'Microsoft.Storage/storageAccounts/queueServices/queues@2023-05-01' = [
  for queueName in queueNames: {
    parent: queueService
    name: queueName
  }
]

resource roleAssignments 'Microsoft.Authorization/roleAssignments@2022-04-01' = [
  for a in assignments: {
    scope: account
    name: guid(account.id, a.principalId, a.role)
    properties: {
      roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', a.role)
      principalId: a.principalId
      principalType: 'ServicePrincipal'
    }
  }
]

output name string = account.name
output id string = account.id
// primaryEndpoints end in '/', handy for building container URLs.
output blobEndpoint string = account.properties.primaryEndpoints.blob
// Service URIs without the trailing '/', the form the Functions host documents
// for AzureWebJobsStorage__*ServiceUri and that both apps append paths to.
// environment() keeps the storage DNS suffix right in sovereign clouds.
output blobServiceUri string = 'https://${account.name}.blob.${environment().suffixes.storage}'
output queueServiceUri string = 'https://${account.name}.queue.${environment().suffixes.storage}'
output tableServiceUri string = 'https://${account.name}.table.${environment().suffixes.storage}'
output deploymentContainerName string = deploymentContainer.name
