// Reads the image an existing container app is running.
//
// Why: `azd deploy` sets the container app's image to the freshly built tag,
// but Bicep would put the placeholder image back on every later `azd provision`
// (azd up runs provision again). This module runs as its own deployment before
// the container app is updated, so the current image can be carried over.
// azd sets SERVICE_ENGINE_HOST_RESOURCE_EXISTS=true after the first deploy,
// which main.parameters.json passes in as `exists`.

@description('True once azd has deployed the service at least once.')
param exists bool

@description('Name of the container app to read.')
param name string

resource existingApp 'Microsoft.App/containerApps@2024-03-01' existing = if (exists) {
  name: name
}

output containers array = exists ? existingApp!.properties.template.containers : []
