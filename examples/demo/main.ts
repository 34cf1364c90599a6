console.log('demo pending')
