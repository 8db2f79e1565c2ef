// Azure Container Registry for the engine-host image.
//
// azd builds the image inside this registry (docker.remoteBuild: true in
// azure.yaml), so the machine running `azd up` needs no Docker daemon. The
// container app pulls with its managed identity (AcrPull below); the admin user
// stays disabled, so there is no registry password anywhere.

@description('Azure region for the registry.')
param location string

@description('Tags applied to the registry.')
param tags object = {}

@description('Globally unique registry name (5-50 letters and digits).')
@minLength(5)
@maxLength(50)
param name string

@description('Registry tier. Basic is enough for one small image pulled by one replica.')
@allowed([
  'Basic'
  'Standard'
  'Premium'
])
param sku string = 'Basic'

@description('Principal ID of the engine-host identity (pulls images).')
param pullPrincipalId string

var acrPull = '7f951dda-4ed3-4680-a7ca-43fe172d538d'

resource registry 'Microsoft.ContainerRegistry/registries@2023-07-01' = {
  name: name
  location: location
  tags: tags
  sku: {
    name: sku
  }
  properties: {
    adminUserEnabled: false
    publicNetworkAccess: 'Enabled'
  }
}

resource pullRole 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  scope: registry
  name: guid(registry.id, pullPrincipalId, acrPull)
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', acrPull)
    principalId: pullPrincipalId
    principalType: 'ServicePrincipal'
  }
}

output name string = registry.name
output loginServer string = registry.properties.loginServer
output id string = registry.id
