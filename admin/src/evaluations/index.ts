import RateReviewIcon from '@mui/icons-material/RateReview';
import { EvaluationList } from './EvaluationList';

export default { list: EvaluationList, icon: RateReviewIcon };
