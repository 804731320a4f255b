console.log("lore: not implemented yet");
