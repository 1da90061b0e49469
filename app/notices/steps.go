package notices

import "locallibrary/models"

// CirculationSteps are the steps each run takes before sending the notices: the pickup windows
// that have passed end (each copy passing to the next member waiting), then available copies
// are set aside for the holds waiting, so that their members are told in the same run.
func CirculationSteps() []Step {
	return []Step{
		{Name: "holds expired", Run: models.ExpireHolds},
		{Name: "copies set aside", Run: models.ServeQueues},
	}
}
