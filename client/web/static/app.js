console.log('thidua')
